/* mhd.c - where libmicrohttpd is found (serve/mhd.h). */
#include "mhd.h"

KG_LAZY_DEFINE(kgsh_mhd, KGSH_MHD_FNS, "libmicrohttpd", KG_SONAME_microhttpd,
               "libmicrohttpd12")
