# The one warning list of the project, applied to our own targets only.
set(WIREDESK_WARNINGS
  -Wall -Wextra -Wpedantic -Wcast-qual -Wformat-security -Wmissing-declarations
  -Wnon-virtual-dtor -Wimplicit-fallthrough -Wundef -Wvla -Wwrite-strings)

function(wiredesk_target_warnings target)
  target_compile_options(${target} PRIVATE ${WIREDESK_WARNINGS})
  if(WIREDESK_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
