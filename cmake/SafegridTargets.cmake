# Helpers that keep each module's CMake to one line.
#   safegrid_library(NAME dir DEPS ...)  every .cpp under src/<dir> (recursively) → static lib safegrid_<NAME>
#   safegrid_test(NAME dir DEPS ...)     every *_test.cpp under tests/<dir> → one gtest binary, tests discovered by ctest

set(SAFEGRID_WARNINGS -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
# -fno-sanitize=function: clang 14 cannot emit its checks inside C++20 coroutines
# ("Cannot represent a difference across sections"); every other UBSan check stays on.
set(SAFEGRID_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize=function -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)

function(safegrid_common_options target)
  target_compile_options(${target} PRIVATE ${SAFEGRID_WARNINGS})
  target_compile_definitions(${target} PUBLIC BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW)
  if(SAFEGRID_SANITIZE OR SAFEGRID_FUZZ)
    target_compile_options(${target} PUBLIC ${SAFEGRID_SANITIZER_FLAGS})
    target_link_options(${target} PUBLIC ${SAFEGRID_SANITIZER_FLAGS})
  endif()
  if(SAFEGRID_FUZZ)
    # Coverage instrumentation for libFuzzer in every library; the fuzzer mains add -fsanitize=fuzzer.
    target_compile_options(${target} PUBLIC -fsanitize=fuzzer-no-link)
  endif()
endfunction()

function(safegrid_library name dir)
  cmake_parse_arguments(ARG "" "" "DEPS;EXCLUDE" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${dir}/*.cpp)
  foreach(ex IN LISTS ARG_EXCLUDE)
    list(FILTER sources EXCLUDE REGEX "${ex}")
  endforeach()
  if(NOT sources)
    # A layer with no code yet still links, so the rest of the tree builds.
    set(sources ${PROJECT_BINARY_DIR}/empty_${name}.cpp)
    file(WRITE ${sources} "// empty layer\n")
  endif()
  add_library(safegrid_${name} STATIC ${sources})
  target_include_directories(safegrid_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(safegrid_${name} PUBLIC ${ARG_DEPS})
  safegrid_common_options(safegrid_${name})
endfunction()

function(safegrid_test name dir)
  cmake_parse_arguments(ARG "NO_SUPPORT" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/${dir}/*_test.cpp)
  if(NOT sources)
    return()
  endif()
  add_executable(test_${name} ${sources})
  target_link_libraries(test_${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  target_include_directories(test_${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  if(NOT ARG_NO_SUPPORT)
    # Test support (stores, server process, HTTP client) needs the whole application.
    target_link_libraries(test_${name} PRIVATE safegrid_test_support)
  endif()
  safegrid_common_options(test_${name})
  include(GoogleTest)
  # One variable only: gtest_discover_tests splits a list value into separate properties. The
  # binary's path reaches the tests as a compile definition of tests/support instead.
  gtest_discover_tests(test_${name} DISCOVERY_TIMEOUT 60 PROPERTIES ENVIRONMENT
    "SAFEGRID_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
