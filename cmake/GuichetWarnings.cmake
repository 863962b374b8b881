# Strict warnings for the project's own targets (not for third-party headers,
# which are included as SYSTEM).
function(guichet_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
  if(GUICHET_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
