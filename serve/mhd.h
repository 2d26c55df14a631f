/* mhd.h - libmicrohttpd, loaded when the server starts (kg_lazy, kg.h):
 * kgsh sessions that never serve do not map it, nor GnuTLS behind it.
 * serve.h includes it in place of <microhttpd.h>; mhd.c holds the table. */
#ifndef KGSH_MHD_H
#define KGSH_MHD_H

#include <microhttpd.h>

#include "kg.h"

#define KGSH_MHD_FNS(X) \
  X(MHD_start_daemon) X(MHD_stop_daemon) X(MHD_quiesce_daemon) \
  X(MHD_get_daemon_info) X(MHD_get_connection_info) \
  X(MHD_get_connection_values) X(MHD_lookup_connection_value) \
  X(MHD_create_response_from_buffer) X(MHD_create_response_from_callback) \
  X(MHD_add_response_header) X(MHD_queue_response) X(MHD_destroy_response) \
  X(MHD_create_post_processor) X(MHD_post_process) \
  X(MHD_destroy_post_processor)
KG_LAZY_DECLARE(kgsh_mhd, KGSH_MHD_FNS)
#define MHD_start_daemon (kgsh_mhd.MHD_start_daemon)
#define MHD_stop_daemon (kgsh_mhd.MHD_stop_daemon)
#define MHD_quiesce_daemon (kgsh_mhd.MHD_quiesce_daemon)
#define MHD_get_daemon_info (kgsh_mhd.MHD_get_daemon_info)
#define MHD_get_connection_info (kgsh_mhd.MHD_get_connection_info)
#define MHD_get_connection_values (kgsh_mhd.MHD_get_connection_values)
#define MHD_lookup_connection_value (kgsh_mhd.MHD_lookup_connection_value)
#define MHD_create_response_from_buffer (kgsh_mhd.MHD_create_response_from_buffer)
#define MHD_create_response_from_callback (kgsh_mhd.MHD_create_response_from_callback)
#define MHD_add_response_header (kgsh_mhd.MHD_add_response_header)
#define MHD_queue_response (kgsh_mhd.MHD_queue_response)
#define MHD_destroy_response (kgsh_mhd.MHD_destroy_response)
#define MHD_create_post_processor (kgsh_mhd.MHD_create_post_processor)
#define MHD_post_process (kgsh_mhd.MHD_post_process)
#define MHD_destroy_post_processor (kgsh_mhd.MHD_destroy_post_processor)

#endif
