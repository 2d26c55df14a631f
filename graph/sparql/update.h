/* update.h - SPARQL 1.1 Update: running a parsed request against a store
 * as one transaction. */
#ifndef SP_UPDATE_H
#define SP_UPDATE_H

#include "sparql/eval/eval.h"

/* Runs every operation of q (form SP_UPDATE) in order; all or nothing.
 * *added / *removed count statements whose presence changed. */
kg_status sp_update_run(kg_store *st, const sp_query *q,
                        const kg_query_options *opt,
                        unsigned long long *added, unsigned long long *removed,
                        kg_error *err);

/* FROM/FROM NAMED (or USING/USING NAMED) as the evaluation dataset. */
kg_status ev_set_dataset(ev_ctx *cx, const char **from, int nfrom,
                         const char **named, int nnamed, kg_error *err);

#endif
