/* dataset.h - the dataset of a query whose FROM names documents. */
#ifndef SP_DATASET_H
#define SP_DATASET_H

#include "sparql/algebra.h"

/* When a FROM/FROM NAMED IRI of q is no graph of st and opt allows reading
 * documents, *out is a new memory store (caller closes) holding the
 * query's dataset; otherwise *out is NULL and the query runs on st. */
kg_status sp_dataset_store(kg_store *st, const sp_query *q,
                           const kg_query_options *opt, kg_store **out,
                           kg_error *err);

#endif /* SP_DATASET_H */
