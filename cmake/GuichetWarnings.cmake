# Strict warnings for the project's own targets (not for third-party headers,
# which are included as SYSTEM).
function(guichet_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
  if(GUICHET_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
    # GCC 12 at -O3 reports std::string's own inlined memcpy in `"literal" + str`
    # and `str.insert(0, "x")` as overlapping (GCC bug 105329):
    # kept as a warning, not an error, so Release builds stay possible.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
      target_compile_options(${target} PRIVATE -Wno-error=restrict)
    endif()
  endif()
endfunction()
