// A shared library that is not a Qt plugin at all (no plugin metadata).
extern "C" int livedash_test_not_a_plugin()
{
    return 7;
}
