# wiredesk_embed(<target> <namespace> <base_dir> FILES...) compiles the given files into a
# static library that offers `std::optional<std::string_view> <namespace>::Find(path)` and
# `<namespace>::All()`, so the binary is the whole install (templates, static assets, samples).
set(WIREDESK_EMBED_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/embed_files.cmake")

function(wiredesk_embed target ns base_dir)
  cmake_parse_arguments(ARG "" "" "FILES" ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cc")
  set(header_dir "${CMAKE_CURRENT_BINARY_DIR}/${target}_include")
  set(abs_files "")
  foreach(f IN LISTS ARG_FILES)
    list(APPEND abs_files "${base_dir}/${f}")
  endforeach()
  string(REPLACE ";" "|" files_arg "${ARG_FILES}")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNS=${ns} -DBASE=${base_dir} "-DFILES=${files_arg}"
            -P "${WIREDESK_EMBED_SCRIPT}"
    DEPENDS ${abs_files} "${WIREDESK_EMBED_SCRIPT}"
    COMMENT "Embedding ${target}"
    # VERBATIM quotes the "|"-separated file list, which the shell would otherwise read as a pipe.
    VERBATIM)
  add_library(${target} STATIC "${out}")
  target_include_directories(${target} PUBLIC "${CMAKE_SOURCE_DIR}/src")
endfunction()
