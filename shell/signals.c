/* signals.c - Ctrl-C: cancels the running statement (through the store)
 * or the line being typed. The only global state of the shell. */
#include <signal.h>
#include <stdio.h>
#include <readline/readline.h>
#include <string.h>
#include <unistd.h>

#include "shell.h"

static volatile sig_atomic_t taken;
static kg_store *volatile running;

static void on_sigint(int sig) {
  (void)sig;
  taken = 1;
  if (running) kg_store_interrupt(running);
}

void signals_init(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
}

void signals_store(kg_store *st) { running = st; }

int signals_taken(void) {
  int t = taken;
  taken = 0;
  return t;
}
