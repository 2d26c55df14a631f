/* serve_main.h - the entry of `kgsh serve`, for kgsh's main. */
#ifndef KGSH_SERVE_MAIN_H
#define KGSH_SERVE_MAIN_H

/* Runs the server with `kgsh serve`'s arguments (argv[0] is "serve");
 * returns the exit status. */
int serve_main(int argc, char **argv);

/* The same on a store the caller has open and keeps (the shell's
 * .serve): no STORE argument; returns when SIGINT or SIGTERM comes. */
typedef struct kg_store kg_store;
int serve_store(kg_store *st, int argc, char **argv);

#endif
