/* policy.c - what LOAD and SERVICE inside SPARQL may reach: .allow and
 * --allow. By default local files and http(s) URLs, but no loopback,
 * private or link-local address unless named (a script or a query from
 * elsewhere must not read the machine's neighbours). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

void policy_default(shell *sh) {
  sh->deny = KG_DENY_PRIVATE;
  for (size_t i = 0; i < sh->nallow; i++) free(sh->allow_hosts[i]);
  sh->nallow = 0;
  if (sh->allow_hosts) sh->allow_hosts[0] = NULL;
}

void policy_free(shell *sh) {
  for (size_t i = 0; i < sh->nallow; i++) free(sh->allow_hosts[i]);
  free(sh->allow_hosts);
  sh->allow_hosts = NULL;
  sh->nallow = 0;
}

static int add_host(shell *sh, const char *host) {
  char **v = realloc(sh->allow_hosts, (sh->nallow + 2) * sizeof *v);
  if (!v) return -1;
  sh->allow_hosts = v;
  if (!(v[sh->nallow] = strdup(host))) return -1;
  v[++sh->nallow] = NULL;
  return 0;
}

/* One word of a policy ("load:file", "host:H:P", ...); KIND and VALUE may
 * also come apart ("host", "H:P"). 0, or -1 with a message in why. */
int policy_apply(shell *sh, const char *kind, const char *value,
                 const char **why) {
  static const struct {
    const char *word;
    unsigned allow;          /* deny bits it clears */
  } words[] = {
    {"load:file", KG_DENY_LOAD_FILE},
    {"load:http", KG_DENY_LOAD_WEB},
    {"service", KG_DENY_SERVICE},
    {"private", KG_DENY_PRIVATE},
  };
  char word[300];
  snprintf(word, sizeof word, "%s%s%s", kind, value ? ":" : "",
           value ? value : "");
  *why = NULL;
  if (!strcmp(word, "none")) {
    policy_default(sh);
    sh->deny = KG_DENY_LOAD_FILE | KG_DENY_LOAD_WEB | KG_DENY_SERVICE |
               KG_DENY_PRIVATE;
    return 0;
  }
  if (!strcmp(word, "default")) {
    policy_default(sh);
    return 0;
  }
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (!strcmp(word, words[i].word)) {
      sh->deny &= ~words[i].allow;
      return 0;
    }
  if (!strncmp(word, "host:", 5) && word[5]) {
    if (add_host(sh, word + 5) == 0) return 0;
    *why = "out of memory";
    return -1;
  }
  *why = "expected load:file, load:http, service, host:HOST[:PORT], private, "
         "none or default";
  return -1;
}

static void show(shell *sh) {
  fprintf(sh->out, "load file  %s\nload http  %s\nservice    %s\n",
          sh->deny & KG_DENY_LOAD_FILE ? "no" : "yes",
          sh->deny & KG_DENY_LOAD_WEB ? "no" : "yes",
          sh->deny & KG_DENY_SERVICE ? "no" : "yes");
  fprintf(sh->out, "private    %s",
          !(sh->deny & KG_DENY_PRIVATE) ? "any address"
          : sh->nallow                  ? "only the hosts named:"
                                        : "none (name one with .allow host)");
  for (size_t i = 0; (sh->deny & KG_DENY_PRIVATE) && i < sh->nallow; i++)
    fprintf(sh->out, " %s", sh->allow_hosts[i]);
  fputc('\n', sh->out);
}

int policy_command(shell *sh, int argc, char **argv) {
  if (argc == 1) {
    show(sh);
    return 0;
  }
  const char *why;
  if (policy_apply(sh, argv[1], argc > 2 ? argv[2] : NULL, &why) == 0)
    return 0;
  errorf(sh, ".allow %s%s%s: %s", argv[1], argc > 2 ? " " : "",
         argc > 2 ? argv[2] : "", why);
  return 1;
}
