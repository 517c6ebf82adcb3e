# clonedeck_add_test(NAME SOURCES... LIBS... [LABELS ...] [TIMEOUT s] [FUNCTIONS ...])
# One QtTest executable per test file, registered with CTest under its name. FUNCTIONS: only
# these test functions run under NAME (others get a run of their own: clonedeck_add_test_run).
function(clonedeck_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS;FUNCTIONS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
    target_link_libraries(${name} PRIVATE Qt6::Test clonedeck_testsupport ${ARG_LIBS})
    target_compile_options(${name} PRIVATE ${CLONEDECK_WARNINGS})
    clonedeck_add_test_run(${name} ${name} ${ARG_FUNCTIONS} TIMEOUT "${ARG_TIMEOUT}" LABELS "${ARG_LABELS}")
endfunction()

# clonedeck_add_test_run(NAME TARGET FUNCTION... [TIMEOUT s] [LABELS ...])
# A CTest test that runs some test functions of the QtTest executable TARGET in a process of
# their own (e.g. a case that needs a platform of its own: libxenstore names one socket per
# process).
function(clonedeck_add_test_run name target)
    cmake_parse_arguments(ARG "" "TIMEOUT" "LABELS" ${ARGN})
    add_test(NAME ${name} COMMAND ${target} ${ARG_UNPARSED_ARGUMENTS})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT} LABELS "${ARG_LABELS}"
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;CLONEDECK_BIN_DIR=${CMAKE_BINARY_DIR}/bin;CLONEDECK_LIB_DIR=${CMAKE_BINARY_DIR}/lib;CLONEDECK_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
endfunction()
