/* civil.h - the proleptic Gregorian calendar as day numbers: what XSD
 * dates mean (year 0 exists, as in XSD 1.1). */
#ifndef KG_CIVIL_H
#define KG_CIVIL_H

#include <stdint.h>

/* Days from 1970-01-01 to y-m-d, and back. */
int64_t kg_days_from_civil(int64_t y, int m, int d);
void kg_civil_from_days(int64_t z, int64_t *y, int *m, int *d);
/* Days in month m (1-12) of year y. */
int kg_days_in_month(int64_t y, int m);

#endif /* KG_CIVIL_H */
