# Embeds a file's bytes into a target, so the binary needs no data files at run time.
#
#   safegrid_embed_file(<target> <input file> <symbol> <namespace>)
# generates <build>/embedded/<name>.cpp defining, in <namespace>,
#   extern const unsigned char <symbol>[];  extern const size_t <symbol>Size;
# and regenerates it whenever the input changes. The same file, run with `cmake -P`, does the
# conversion (no Python or xxd needed on a fresh Debian).

if(CMAKE_SCRIPT_MODE_FILE)
  file(READ "${INPUT}" hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  # 16 bytes per line keeps the generated file readable and diff-friendly.
  set(pair "[0-9a-f][0-9a-f]")
  string(REGEX REPLACE "(${pair}${pair}${pair}${pair}${pair}${pair}${pair}${pair}${pair}${pair}${pair}${pair}${pair}${pair}${pair}${pair})"
         "\\1\n" hex "${hex}")
  string(REGEX REPLACE "(${pair})" "0x\\1," bytes "${hex}")
  file(WRITE "${OUTPUT}.tmp"
       "// Generated from ${INPUT} by cmake/EmbedFile.cmake. Do not edit.\n"
       "#include <cstddef>\n\n"
       "namespace ${NAMESPACE} {\n"
       "extern const unsigned char ${SYMBOL}[] = {\n${bytes}\n};\n"
       "extern const size_t ${SYMBOL}Size = ${size};\n"
       "}  // namespace ${NAMESPACE}\n")
  # Touch the output only when it changed, so an unrelated reconfigure does not recompile it.
  file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
  file(REMOVE "${OUTPUT}.tmp")
  return()
endif()

set(SAFEGRID_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_FILE} CACHE INTERNAL "cmake/EmbedFile.cmake")

function(safegrid_embed_file target input symbol namespace)
  get_filename_component(name ${input} NAME)
  string(MAKE_C_IDENTIFIER ${name} id)
  set(output ${CMAKE_CURRENT_BINARY_DIR}/embedded/${id}.cpp)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -DSYMBOL=${symbol} -DNAMESPACE=${namespace}
            -P ${SAFEGRID_EMBED_SCRIPT}
    DEPENDS ${input} ${SAFEGRID_EMBED_SCRIPT}
    COMMENT "Embedding ${name}"
    VERBATIM)
  target_sources(${target} PRIVATE ${output})
  set_source_files_properties(${output} PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
endfunction()
