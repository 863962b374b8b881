# cmake -DPROGRAM=… -DNAME=… -DSUMMARY=… -DOUT=… -P GuichetManPage.cmake
# A manual page from the program's own --help (in English), gzipped for
# /usr/share/man/man1: the help stays the one source of the options.
execute_process(COMMAND ${CMAKE_COMMAND} -E env GUICHET_LANG=en LANG=C.UTF-8 ${PROGRAM} --help
                OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} --help failed (${rc})")
endif()
# roff: a backslash is \e; a line starting with . or ' is not a request.
string(REPLACE "\\" "\\e" help "${help}")
string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
string(REPLACE "-" "\\-" help "${help}")
string(TOUPPER ${NAME} upper)
file(WRITE ${OUT}.tmp
".TH ${upper} 1 \"\" \"Guichet\" \"Guichet\"
.SH NAME
${NAME} \\- ${SUMMARY}
.SH DESCRIPTION
.nf
${help}.fi
.SH SEE ALSO
/usr/share/doc/guichet-common/install.md
")
execute_process(COMMAND gzip -9nc ${OUT}.tmp OUTPUT_FILE ${OUT} COMMAND_ERROR_IS_FATAL ANY)
file(REMOVE ${OUT}.tmp)
