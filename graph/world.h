/* world.h - the process's raptor world, shared by every open store, and
 * raptor itself, loaded on first use (kg_lazy, kg.h): a session that parses
 * only what serd reads and writes no RDF/XML never loads it. */
#ifndef KG_WORLD_H
#define KG_WORLD_H

#include <raptor2.h>

#include "internal.h"

/* the raptor functions libkg calls, through kg_raptor (world.c) */
#define KG_RAPTOR_FNS(X) \
  X(raptor_free_world) X(raptor_new_world_internal) X(raptor_world_open) \
  X(raptor_world_set_log_handler) X(raptor_world_guess_parser_name) \
  X(raptor_world_is_parser_name) X(raptor_new_uri) X(raptor_free_uri) \
  X(raptor_uri_as_string) X(raptor_uri_as_counted_string) \
  X(raptor_new_parser) X(raptor_free_parser) \
  X(raptor_parser_parse_start) X(raptor_parser_parse_chunk) \
  X(raptor_parser_parse_abort) X(raptor_parser_set_namespace_handler) \
  X(raptor_parser_set_statement_handler) X(raptor_namespace_get_prefix) \
  X(raptor_namespace_get_uri) X(raptor_new_serializer) \
  X(raptor_free_serializer) X(raptor_serializer_start_to_file_handle) \
  X(raptor_serializer_set_namespace) X(raptor_serializer_serialize_statement) \
  X(raptor_serializer_serialize_end) X(raptor_new_statement_from_nodes) \
  X(raptor_free_statement) X(raptor_new_term_from_counted_uri_string) \
  X(raptor_new_term_from_counted_blank) \
  X(raptor_new_term_from_counted_literal) \
  X(raptor_new_sax2) X(raptor_free_sax2) \
  X(raptor_sax2_set_start_element_handler) \
  X(raptor_sax2_set_end_element_handler) \
  X(raptor_sax2_set_characters_handler) X(raptor_sax2_parse_start) \
  X(raptor_sax2_parse_chunk) X(raptor_sax2_inscope_xml_language) \
  X(raptor_xml_element_get_name) X(raptor_xml_element_get_attributes) \
  X(raptor_xml_element_get_attributes_count) X(raptor_qname_get_namespace) \
  X(raptor_qname_get_local_name) X(raptor_qname_get_counted_value)
KG_LAZY_DECLARE(kg_raptor, KG_RAPTOR_FNS)
#define raptor_free_world (kg_raptor.raptor_free_world)
#define raptor_new_world_internal (kg_raptor.raptor_new_world_internal)
#define raptor_world_open (kg_raptor.raptor_world_open)
#define raptor_world_set_log_handler (kg_raptor.raptor_world_set_log_handler)
#define raptor_world_guess_parser_name (kg_raptor.raptor_world_guess_parser_name)
#define raptor_world_is_parser_name (kg_raptor.raptor_world_is_parser_name)
#define raptor_new_uri (kg_raptor.raptor_new_uri)
#define raptor_free_uri (kg_raptor.raptor_free_uri)
#define raptor_uri_as_string (kg_raptor.raptor_uri_as_string)
#define raptor_uri_as_counted_string (kg_raptor.raptor_uri_as_counted_string)
#define raptor_new_parser (kg_raptor.raptor_new_parser)
#define raptor_free_parser (kg_raptor.raptor_free_parser)
#define raptor_parser_parse_start (kg_raptor.raptor_parser_parse_start)
#define raptor_parser_parse_chunk (kg_raptor.raptor_parser_parse_chunk)
#define raptor_parser_parse_abort (kg_raptor.raptor_parser_parse_abort)
#define raptor_parser_set_namespace_handler (kg_raptor.raptor_parser_set_namespace_handler)
#define raptor_parser_set_statement_handler (kg_raptor.raptor_parser_set_statement_handler)
#define raptor_namespace_get_prefix (kg_raptor.raptor_namespace_get_prefix)
#define raptor_namespace_get_uri (kg_raptor.raptor_namespace_get_uri)
#define raptor_new_serializer (kg_raptor.raptor_new_serializer)
#define raptor_free_serializer (kg_raptor.raptor_free_serializer)
#define raptor_serializer_start_to_file_handle (kg_raptor.raptor_serializer_start_to_file_handle)
#define raptor_serializer_set_namespace (kg_raptor.raptor_serializer_set_namespace)
#define raptor_serializer_serialize_statement (kg_raptor.raptor_serializer_serialize_statement)
#define raptor_serializer_serialize_end (kg_raptor.raptor_serializer_serialize_end)
#define raptor_new_statement_from_nodes (kg_raptor.raptor_new_statement_from_nodes)
#define raptor_free_statement (kg_raptor.raptor_free_statement)
#define raptor_new_term_from_counted_uri_string (kg_raptor.raptor_new_term_from_counted_uri_string)
#define raptor_new_term_from_counted_blank (kg_raptor.raptor_new_term_from_counted_blank)
#define raptor_new_term_from_counted_literal (kg_raptor.raptor_new_term_from_counted_literal)
#define raptor_new_sax2 (kg_raptor.raptor_new_sax2)
#define raptor_free_sax2 (kg_raptor.raptor_free_sax2)
#define raptor_sax2_set_start_element_handler (kg_raptor.raptor_sax2_set_start_element_handler)
#define raptor_sax2_set_end_element_handler (kg_raptor.raptor_sax2_set_end_element_handler)
#define raptor_sax2_set_characters_handler (kg_raptor.raptor_sax2_set_characters_handler)
#define raptor_sax2_parse_start (kg_raptor.raptor_sax2_parse_start)
#define raptor_sax2_parse_chunk (kg_raptor.raptor_sax2_parse_chunk)
#define raptor_sax2_inscope_xml_language (kg_raptor.raptor_sax2_inscope_xml_language)
#define raptor_xml_element_get_name (kg_raptor.raptor_xml_element_get_name)
#define raptor_xml_element_get_attributes (kg_raptor.raptor_xml_element_get_attributes)
#define raptor_xml_element_get_attributes_count (kg_raptor.raptor_xml_element_get_attributes_count)
#define raptor_qname_get_namespace (kg_raptor.raptor_qname_get_namespace)
#define raptor_qname_get_local_name (kg_raptor.raptor_qname_get_local_name)
#define raptor_qname_get_counted_value (kg_raptor.raptor_qname_get_counted_value)

/* A reference to the raptor world, taken by every open store: the world
 * is made by the first kg_world_start and freed with the last release. */
void kg_world_acquire(void);
void kg_world_release(void);
/* Loads raptor and makes the world if not yet done: before the first
 * raptor call of a parse or a write. KG_ERR_UNSUPPORTED when raptor is
 * not installed, KG_ERR_NOMEM when the world cannot be made. */
kg_status kg_world_start(kg_error *err);
/* The world once started (NULL before). */
raptor_world *kg_world(void);

/* A parse or a write with raptor runs between these (one at a time in
 * the process); a store's lock, when needed, is taken first. */
void kg_world_enter(void);
void kg_world_leave(void);

/* Routes raptor's log messages into `err` (first error wins) while set;
 * pass NULL to detach. `file` names the input in messages. */
void kg_world_capture(kg_error *err, const char *file);
/* 1 if an error was captured since the last kg_world_capture(). */
int kg_world_failed(void);

#endif
