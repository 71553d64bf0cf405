# The one warning list of the project, applied to our own targets only.
set(WIREDESK_WARNINGS
  -Wall -Wextra -Wpedantic -Wcast-qual -Wformat-security -Wmissing-declarations
  -Wnon-virtual-dtor -Wimplicit-fallthrough -Wundef -Wvla -Wwrite-strings)

# g++ 12 at -O2/-O3 reports -Wrestrict on ordinary std::string concatenation inside libstdc++
# (GCC bugs 105329 and 105651, fixed in 13); the false positives would fail -Werror builds.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  list(APPEND WIREDESK_WARNINGS -Wno-restrict)
endif()

function(wiredesk_target_warnings target)
  target_compile_options(${target} PRIVATE ${WIREDESK_WARNINGS})
  if(WIREDESK_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
