/* rdflib.h - librdf (Redland), loaded on first use (kg_lazy, kg.h): only the
 * librdf module stores (store/rdfmod.c), the term conversions of
 * rdfnode.c and the "kgsh" storage factory (redland/) call it. Include it
 * instead of <librdf.h>. */
#ifndef KG_RDFLIB_H
#define KG_RDFLIB_H

#include <librdf.h>
#include <rdf_storage_module.h>

#include "kg.h"

#define KG_LIBRDF_FNS(X) \
  X(librdf_new_world) X(librdf_free_world) X(librdf_world_open) \
  X(librdf_world_set_logger) X(librdf_world_set_raptor) \
  X(librdf_log_message_level) X(librdf_log_message_message) \
  X(librdf_storage_enumerate) X(librdf_new_storage) X(librdf_free_storage) \
  X(librdf_new_model) X(librdf_free_model) X(librdf_model_as_stream) \
  X(librdf_model_context_as_stream) X(librdf_model_context_add_statement) \
  X(librdf_model_context_remove_statement) X(librdf_model_get_contexts) \
  X(librdf_model_sync) X(librdf_model_transaction_start) \
  X(librdf_model_transaction_commit) X(librdf_model_transaction_rollback) \
  X(librdf_free_iterator) X(librdf_iterator_end) X(librdf_iterator_next) \
  X(librdf_iterator_get_object) X(librdf_free_stream) X(librdf_stream_end) \
  X(librdf_stream_next) X(librdf_stream_get_object) \
  X(librdf_stream_get_context2) X(librdf_new_statement_from_nodes) \
  X(librdf_free_statement) X(librdf_statement_get_subject) \
  X(librdf_statement_get_predicate) X(librdf_statement_get_object) \
  X(librdf_free_node) X(librdf_new_node_from_counted_uri_string) \
  X(librdf_new_node_from_counted_blank_identifier) \
  X(librdf_new_node_from_typed_counted_literal) X(librdf_node_is_resource) \
  X(librdf_node_is_blank) X(librdf_node_is_literal) X(librdf_node_get_uri) \
  X(librdf_node_get_counted_blank_identifier) \
  X(librdf_node_get_literal_value_as_counted_string) \
  X(librdf_node_get_literal_value_language) \
  X(librdf_node_get_literal_value_datatype_uri) X(librdf_new_uri) \
  X(librdf_free_uri) X(librdf_uri_as_string) X(librdf_uri_as_counted_string) \
  KG_LIBRDF_STORAGE_FNS(X)
/* what only a storage factory calls (redland/) */
#define KG_LIBRDF_STORAGE_FNS(X) \
  X(librdf_log) X(librdf_storage_register_factory) \
  X(librdf_storage_get_world) X(librdf_storage_get_instance) \
  X(librdf_storage_set_instance) X(librdf_storage_add_reference) \
  X(librdf_storage_remove_reference) X(librdf_hash_get) \
  X(librdf_hash_get_as_boolean) X(librdf_free_hash) X(librdf_free_memory) \
  X(librdf_new_stream) X(librdf_new_iterator) \
  X(librdf_new_node_from_typed_literal)
KG_LAZY_DECLARE(kg_librdf, KG_LIBRDF_FNS)
#define librdf_new_world (kg_librdf.librdf_new_world)
#define librdf_free_world (kg_librdf.librdf_free_world)
#define librdf_world_open (kg_librdf.librdf_world_open)
#define librdf_world_set_logger (kg_librdf.librdf_world_set_logger)
#define librdf_world_set_raptor (kg_librdf.librdf_world_set_raptor)
#define librdf_log_message_level (kg_librdf.librdf_log_message_level)
#define librdf_log_message_message (kg_librdf.librdf_log_message_message)
#define librdf_storage_enumerate (kg_librdf.librdf_storage_enumerate)
#define librdf_new_storage (kg_librdf.librdf_new_storage)
#define librdf_free_storage (kg_librdf.librdf_free_storage)
#define librdf_new_model (kg_librdf.librdf_new_model)
#define librdf_free_model (kg_librdf.librdf_free_model)
#define librdf_model_as_stream (kg_librdf.librdf_model_as_stream)
#define librdf_model_context_as_stream (kg_librdf.librdf_model_context_as_stream)
#define librdf_model_context_add_statement (kg_librdf.librdf_model_context_add_statement)
#define librdf_model_context_remove_statement (kg_librdf.librdf_model_context_remove_statement)
#define librdf_model_get_contexts (kg_librdf.librdf_model_get_contexts)
#define librdf_model_sync (kg_librdf.librdf_model_sync)
#define librdf_model_transaction_start (kg_librdf.librdf_model_transaction_start)
#define librdf_model_transaction_commit (kg_librdf.librdf_model_transaction_commit)
#define librdf_model_transaction_rollback (kg_librdf.librdf_model_transaction_rollback)
#define librdf_free_iterator (kg_librdf.librdf_free_iterator)
#define librdf_iterator_end (kg_librdf.librdf_iterator_end)
#define librdf_iterator_next (kg_librdf.librdf_iterator_next)
#define librdf_iterator_get_object (kg_librdf.librdf_iterator_get_object)
#define librdf_free_stream (kg_librdf.librdf_free_stream)
#define librdf_stream_end (kg_librdf.librdf_stream_end)
#define librdf_stream_next (kg_librdf.librdf_stream_next)
#define librdf_stream_get_object (kg_librdf.librdf_stream_get_object)
#define librdf_stream_get_context2 (kg_librdf.librdf_stream_get_context2)
#define librdf_new_statement_from_nodes (kg_librdf.librdf_new_statement_from_nodes)
#define librdf_free_statement (kg_librdf.librdf_free_statement)
#define librdf_statement_get_subject (kg_librdf.librdf_statement_get_subject)
#define librdf_statement_get_predicate (kg_librdf.librdf_statement_get_predicate)
#define librdf_statement_get_object (kg_librdf.librdf_statement_get_object)
#define librdf_free_node (kg_librdf.librdf_free_node)
#define librdf_new_node_from_counted_uri_string (kg_librdf.librdf_new_node_from_counted_uri_string)
#define librdf_new_node_from_counted_blank_identifier (kg_librdf.librdf_new_node_from_counted_blank_identifier)
#define librdf_new_node_from_typed_counted_literal (kg_librdf.librdf_new_node_from_typed_counted_literal)
#define librdf_node_is_resource (kg_librdf.librdf_node_is_resource)
#define librdf_node_is_blank (kg_librdf.librdf_node_is_blank)
#define librdf_node_is_literal (kg_librdf.librdf_node_is_literal)
#define librdf_node_get_uri (kg_librdf.librdf_node_get_uri)
#define librdf_node_get_counted_blank_identifier (kg_librdf.librdf_node_get_counted_blank_identifier)
#define librdf_node_get_literal_value_as_counted_string (kg_librdf.librdf_node_get_literal_value_as_counted_string)
#define librdf_node_get_literal_value_language (kg_librdf.librdf_node_get_literal_value_language)
#define librdf_node_get_literal_value_datatype_uri (kg_librdf.librdf_node_get_literal_value_datatype_uri)
#define librdf_new_uri (kg_librdf.librdf_new_uri)
#define librdf_free_uri (kg_librdf.librdf_free_uri)
#define librdf_uri_as_string (kg_librdf.librdf_uri_as_string)
#define librdf_uri_as_counted_string (kg_librdf.librdf_uri_as_counted_string)

#define librdf_log (kg_librdf.librdf_log)
#define librdf_storage_register_factory (kg_librdf.librdf_storage_register_factory)
#define librdf_storage_get_world (kg_librdf.librdf_storage_get_world)
#define librdf_storage_get_instance (kg_librdf.librdf_storage_get_instance)
#define librdf_storage_set_instance (kg_librdf.librdf_storage_set_instance)
#define librdf_storage_add_reference (kg_librdf.librdf_storage_add_reference)
#define librdf_storage_remove_reference (kg_librdf.librdf_storage_remove_reference)
#define librdf_hash_get (kg_librdf.librdf_hash_get)
#define librdf_hash_get_as_boolean (kg_librdf.librdf_hash_get_as_boolean)
#define librdf_free_hash (kg_librdf.librdf_free_hash)
#define librdf_free_memory (kg_librdf.librdf_free_memory)
#define librdf_new_stream (kg_librdf.librdf_new_stream)
#define librdf_new_iterator (kg_librdf.librdf_new_iterator)
#define librdf_new_node_from_typed_literal (kg_librdf.librdf_new_node_from_typed_literal)

#endif
