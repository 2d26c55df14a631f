/* testutil.h - shared helpers for the Check unit suites. */
#ifndef KG_TESTUTIL_H
#define KG_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

/* Defines main() running `suite_fn()`; prints Check's summary and exits
 * non-zero on any failure. CK_FORK=no (set by the sanitizer run) makes
 * leaks show up at exit. */
#define KG_TEST_MAIN(suite_fn)                                     \
  int main(void) {                                                 \
    SRunner *sr = srunner_create(suite_fn());                      \
    srunner_run_all(sr, CK_NORMAL);                                \
    int failed = srunner_ntests_failed(sr);                        \
    srunner_free(sr);                                              \
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;                   \
  }

#endif
