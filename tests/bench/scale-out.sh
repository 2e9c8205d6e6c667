#!/bin/bash
# What each tier of a scaled-out wall costs, as the README's "Scaling out" table gives it:
# livedash-loadgen (10 WebSocket feeds, RATE msg/s in all) -> the gateway (livedash --headless
# --publish) -> the broker (mosquitto or nats-server) -> one desktop (the livedash window under
# Xvfb, one subscribing feed, two charts). Prints each process's CPU over 20 s after a 10 s
# warm-up. Linux only (reads /proc); needs xvfb-run and xdotool (to press "Trust and start").
# Usage: BUILD=build bash tests/bench/scale-out.sh mqtt|nats [RATE]
set -u
KIND=${1:-mqtt}; RATE=${2:-10000}; B=$(cd "${BUILD:-build}/bin" && pwd); D=${TMPDIR:-/tmp}/livedash-scale-out/$KIND; rm -rf $D; mkdir -p $D; cd $D
export HOME=$D XDG_CONFIG_HOME=$D/config XDG_DATA_HOME=$D/data
PORT=$((20000 + RANDOM % 20000))
if [ $KIND = mqtt ]; then
  printf 'listener %s 127.0.0.1\nallow_anonymous true\n' $PORT > m.conf; mosquitto -c m.conf >broker.log 2>&1 & BROKER=$!
  PUB="mqtt://127.0.0.1:$PORT/gw"; SUBOPT="\"url\":\"mqtt://127.0.0.1:$PORT\",\"topics\":\"gw/#\""; PH='{$topic[1..]}'
else
  /usr/sbin/nats-server -a 127.0.0.1 -p $PORT >broker.log 2>&1 & BROKER=$!
  PUB="nats://127.0.0.1:$PORT/gw"; SUBOPT="\"url\":\"nats://127.0.0.1:$PORT\",\"subjects\":\"gw.>\""; PH='{$subject[1..]}'
fi
sleep 1
# The loadgen stops at the end of its standard input: keep it open.
sleep 60 | $B/livedash-loadgen --ws 10 --http 0 --sse 0 --rate $RATE --size 140 --duration 40 --wait-clients 20 > loadgen.out 2>&1 & LG=$!
sleep 1
WS=$(head -1 loadgen.out | python3 -c 'import json,sys; print(json.load(sys.stdin)["ws"])')
python3 - "$WS" <<'PY'
import json,sys
ws=sys.argv[1]
feeds=[{"id":f"src{i}","plugin":"websocket","options":{"url":f"{ws}/ws/{i}"},"fields":{"timestamp":"ts","timestampFormat":"epoch_ms","channels":[{"path":"v","channel":"v"}]}} for i in range(10)]
json.dump({"version":1,"name":"sources","feeds":feeds,"panels":[]},open("sources.json","w"))
PY
cat > wall.json <<J
{"version":1,"name":"wall","feeds":[{"id":"bus","plugin":"$KIND","options":{$SUBOPT},
 "fields":{"timestamp":"t","timestampFormat":"epoch_ms","channels":[{"path":"value","channel":"$PH","optional":true}]}}],
 "panels":[{"kind":"chart","title":"A","channels":["bus/src0/v","bus/src1/v","bus/src2/v","bus/src3/v","bus/src4/v"],"window":60,"row":0,"column":0},
           {"kind":"chart","title":"B","channels":["bus/src5/v","bus/src6/v","bus/src7/v","bus/src8/v","bus/src9/v"],"window":60,"row":0,"column":1}]}
J
xvfb-run -a -s '-screen 0 1600x900x24' bash -c "$B/livedash wall.json & sleep 3; xdotool mousemove 1425 46 click 1; sleep 38; kill %1" >desk.log 2>&1 & XV=$!
sleep 2
$B/livedash --headless --trust --dashboard sources.json --publish $PUB --duration 32 > gw.log 2>&1 & GW=$!
sleep 10   # warm-up
ticks() { awk '{print $14+$15}' /proc/$1/stat; }
DESK=$(pgrep -f "^$B/livedash wall.json" | head -1)
g0=$(ticks $GW); b0=$(ticks $BROKER); d0=$(ticks $DESK); l0=$(ticks $LG)
sleep 20
g1=$(ticks $GW); b1=$(ticks $BROKER); d1=$(ticks $DESK); l1=$(ticks $LG)
echo "kind=$KIND rate=$RATE window=20s CPU% gateway=$(( (g1-g0)*100/2000 )) broker=$(( (b1-b0)*100/2000 )) desktop=$(( (d1-d0)*100/2000 )) loadgen=$(( (l1-l0)*100/2000 ))"
wait $GW; tail -3 gw.log; wait $XV; kill $BROKER $LG 2>/dev/null; wait 2>/dev/null
