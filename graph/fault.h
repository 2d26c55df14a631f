/* fault.h - crash points for the durability tests.
 *
 * When the environment variable KG_FAULT is "POINT" or "POINT:N", the
 * process kills itself with SIGKILL (as `kill -9` would) the N-th time
 * (default 1st) it passes POINT. Tests use it to stop a commit or a
 * checkpoint at each step and check what the store holds afterwards. The
 * points are listed in docs/storage.md. Without KG_FAULT it does nothing.
 */
#ifndef KG_FAULT_H
#define KG_FAULT_H

void kg_fault(const char *point);

#endif
