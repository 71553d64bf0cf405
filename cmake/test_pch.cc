// The translation unit that builds the tests' precompiled GoogleTest header (see
// wiredesk_test_pch in the top CMakeLists.txt); it has no code of its own.
