# Makefile - builds libkg.a and kgsh, runs the tests (GNU make, no autotools).
#
#   make            build build/libkg.a and build/kgsh
#   make run        set up, build the default store, open the shell
#   make check      set up, build, run every test (also under ASan/UBSan,
#                   and the threads test under ThreadSanitizer)
#   make tsan       the threads test built with -fsanitize=thread
#   make deps       install missing Debian packages (root or sudo)
#   make conformance RDF_TESTS=path/to/rdf-tests   W3C SPARQL suites
#   make bench [SCALE=100k|1M|10M]                  benchmarks vs peers
#   make bench-memory [SIZES="100k 1M 3M 10M"]      load memory vs file size
#   make fuzz [FUZZ_SECONDS=60]                      each libFuzzer target (clang)
#   make install PREFIX=/usr/local, make clean (the librdf storage module
#                   goes to librdf's module directory, REDLAND_MODULE_DIR)
# V=1 shows the commands.

PREFIX ?= /usr/local
BUILD ?= build
CC ?= cc
PKG_CONFIG ?= pkg-config

ifeq ($(V),1)
Q :=
else
Q := @
endif

# kgsh links the libraries every session uses (CORE_PKGS); the others
# (LAZY_PKGS and Berkeley DB) libkg and kgsh serve open with dlopen when a
# feature first needs them (kg_lazy in graph/kg.h, HACKING.md), by the
# SONAME found here. Tests and tools link what they call themselves
# (--as-needed), the librdf module what it needs.
CORE_PKGS := serd-0 jansson libpcre2-8 readline nettle
LAZY_PKGS := redland raptor2 libxml-2.0 libcurl libgvc libmicrohttpd
PKGS := $(CORE_PKGS) $(LAZY_PKGS)
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
CORE_LIBS = $(shell $(PKG_CONFIG) --libs $(CORE_PKGS) 2>/dev/null) -lunistring -lz -lm -lpthread
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lunistring -ldb -lz -lm -lpthread
soname = $(or $(shell objdump -p "$$($(CC) -print-file-name=lib$(1).so)" 2>/dev/null | \
  awk '$$1 == "SONAME" { print $$2 }'),lib$(1).so)
LAZY_SONAMES := $(foreach l,rdf raptor2 curl gvc xml2 db microhttpd,-DKG_SONAME_$(l)='"$(call soname,$(l))"')
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

WARN := -Wall -Wextra -Werror
OPT ?= -O2 -g
CFLAGS_ALL = -std=c11 $(WARN) $(OPT) -D_GNU_SOURCE -MMD -MP $(PKG_CFLAGS) $(LAZY_SONAMES) $(EXTRA_CFLAGS)
LDFLAGS_ALL = $(EXTRA_LDFLAGS)

# libkg's folders, lowest layer first (each README says what it may use)
LIB_DIRS := graph graph/store graph/io graph/draw graph/results graph/sparql/value \
            graph/sparql/syntax graph/sparql/eval graph/sparql graph/remote graph/link \
            graph/redland
# the librdf storage module's entry point: in the module, not in libkg.a
REDLAND_ENTRY := graph/redland/module.c
LIB_SRC := $(filter-out $(REDLAND_ENTRY),$(sort $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c))))
SHELL_SRC := $(sort $(wildcard shell/*.c))
# kgsh serve (linked into kgsh; uses only kg.h like the shell)
SERVE_SRC := $(sort $(wildcard serve/*.c))
# the librdf storage module, a shared object librdf loads: its entry
# point and a position-independent libkg (graph/redland/ is the factory)
REDLAND_MODULE_DIR ?= $(or $(shell $(PKG_CONFIG) --variable=plugindir redland 2>/dev/null),$(PREFIX)/lib/redland)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
PIC_LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/pic/%.o)
REDLAND_OBJ := $(REDLAND_ENTRY:%.c=$(BUILD)/pic/%.o)
REDLAND_MODULE := $(BUILD)/librdf_storage_kgsh.so
SHELL_OBJ := $(SHELL_SRC:%.c=$(BUILD)/%.o)
SERVE_OBJ := $(SERVE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/serve/page_html.o
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/fuzz/replay_%)

STORE ?= $(BUILD)/hangzhou.kg
GRAPH_FILES := $(sort $(wildcard ontology/*.ttl data/*.ttl data/*.trig))

.PHONY: all deps run check unit e2e asan tsan conformance bench bench-memory \
        install clean store fuzz fuzz-bins

all: $(BUILD)/libkg.a $(BUILD)/kgsh $(REDLAND_MODULE)

# ---------------------------------------------------------------- set-up
deps:
	$(Q)sh tests/deps.sh

# --------------------------------------------------------------- building
$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -Igraph -c $< -o $@

# the shell sees only the public header
$(BUILD)/shell/%.o: shell/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -Igraph -DKGSH_DATADIR='"$(CURDIR)"' -c $< -o $@

# the query page, compiled in as a string (nothing to find at run time)
$(BUILD)/serve/page_html.c: serve/page.html
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  GEN     $@")
	$(Q){ echo '/* generated from serve/page.html by the Makefile */'; \
	  echo 'const char kgsh_page_html[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	  echo ';'; } >$@

$(BUILD)/serve/page_html.o: $(BUILD)/serve/page_html.c
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -c $< -o $@

# position-independent: for the storage module (a shared object)
$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $< (PIC)")
	$(Q)$(CC) $(CFLAGS_ALL) -fPIC -Igraph -c $< -o $@

$(BUILD)/pic/libkg.a: $(PIC_LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

# only librdf's entry point is exported; libkg inside stays private
$(REDLAND_MODULE): $(REDLAND_OBJ) $(BUILD)/pic/libkg.a graph/redland/exports.map
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) -shared $(LDFLAGS_ALL) -Wl,--version-script=graph/redland/exports.map \
	  -Wl,--exclude-libs,ALL -Wl,--as-needed -o $@ $(REDLAND_OBJ) \
	  $(BUILD)/pic/libkg.a $(PKG_LIBS)

$(BUILD)/libkg.a: $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/kgsh: $(SHELL_OBJ) $(SERVE_OBJ) $(BUILD)/libkg.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $(SHELL_OBJ) $(SERVE_OBJ) $(BUILD)/libkg.a $(CORE_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libkg.a tests/unit/testutil.h tests/unit/httputil.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(CFLAGS_ALL) $(CHECK_CFLAGS) -Igraph $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libkg.a -Wl,--as-needed $(CHECK_LIBS) $(PKG_LIBS)

$(BUILD)/tools/%: tests/tools/%.c $(BUILD)/libkg.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TOOL    $@")
	$(Q)$(CC) $(CFLAGS_ALL) -Igraph $(LDFLAGS_ALL) -o $@ $< $(BUILD)/libkg.a -Wl,--as-needed $(PKG_LIBS)

# The fuzz harnesses (tests/fuzz/): replay_T feeds files to fuzz_T.c with
# a plain main (make check); fuzz_T is the libFuzzer build (make fuzz).
# The splitter's harness links the shell's statement assembly.
FUZZ_SHELL_OBJ := $(BUILD)/shell/run.o $(BUILD)/shell/split.o $(BUILD)/shell/buf.o
$(BUILD)/fuzz/replay_split $(BUILD)/fuzz/fuzz_split: $(FUZZ_SHELL_OBJ)
$(BUILD)/fuzz/replay_split $(BUILD)/fuzz/fuzz_split: FUZZ_LINK = \
  $(FUZZ_SHELL_OBJ) -Wl,--wrap=kg_query

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c $(BUILD)/tests/fuzz/replay.o $(BUILD)/libkg.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(CFLAGS_ALL) -Igraph -Ishell $(LDFLAGS_ALL) -o $@ $< \
	  $(BUILD)/tests/fuzz/replay.o $(FUZZ_LINK) $(BUILD)/libkg.a $(PKG_LIBS)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/libkg.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(CFLAGS_ALL) -Igraph -Ishell $(LDFLAGS_ALL) -fsanitize=fuzzer \
	  -o $@ $< $(FUZZ_LINK) $(BUILD)/libkg.a $(PKG_LIBS)

fuzz-bins: $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%)
.SECONDARY: $(BUILD)/tests/fuzz/replay.o

# ------------------------------------------------------------------ store
# The default store: rebuilt when the ontology or data are newer.
$(STORE)/.built: $(BUILD)/kgsh $(GRAPH_FILES) data/load.kgsh
	@echo "  STORE   $(STORE)"
	$(Q)rm -rf $(STORE) && $(BUILD)/kgsh -q --bail $(STORE) -f data/load.kgsh
	$(Q)touch $@

store: deps all $(STORE)/.built

run: store
	$(Q)$(BUILD)/kgsh $(STORE)

# ------------------------------------------------------------------ tests
unit: all $(UNIT_BIN) $(TOOL_BIN) $(REPLAY_BIN)

# the threaded stress test alone, libkg and all, under ThreadSanitizer
tsan:
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/tsan OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=thread" \
	  EXTRA_LDFLAGS="-fsanitize=thread" $(BUILD)/tsan/tests/test_threads

check: deps
	$(Q)$(MAKE) --no-print-directory all unit $(STORE)/.built
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/asan OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	  EXTRA_LDFLAGS="-fsanitize=address,undefined" all unit
	$(Q)$(MAKE) --no-print-directory tsan
	$(Q)BUILD=$(BUILD) sh tests/run.sh

conformance: deps all $(TOOL_BIN)
	$(Q)sh tests/conformance/run.sh "$(RDF_TESTS)"

bench: deps all $(TOOL_BIN)
	$(Q)sh tests/deps.sh bench
	$(Q)sh tests/bench/run.sh "$(or $(SCALE),100k)"
	$(Q)sh tests/bench/remote.sh "$(or $(SCALE),100k)"
	$(Q)sh tests/bench/serve.sh "$(or $(SCALE),100k)"

bench-memory: deps all $(TOOL_BIN)
	$(Q)sh tests/deps.sh bench
	$(Q)sh tests/bench/load_memory.sh $(SIZES)

# libFuzzer wants clang; everything is instrumented, the harnesses linked
# with -fsanitize=fuzzer (build/libfuzzer/); ignore.txt leaves out checks
# of findings whose fix is pending elsewhere (tests/fuzz/open.txt)
FUZZ_OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
  -fno-sanitize-recover=undefined -fsanitize-ignorelist=tests/fuzz/ignore.txt
fuzz: deps
	$(Q)sh tests/deps.sh fuzz
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/libfuzzer CC=clang-14 \
	  OPT="$(FUZZ_OPT)" EXTRA_LDFLAGS="-fsanitize=address,undefined" fuzz-bins
	$(Q)sh tests/fuzz/run.sh $(BUILD)/libfuzzer "$(or $(FUZZ_SECONDS),60)" $(FUZZ_TARGETS)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/kg
	install -d $(DESTDIR)$(PREFIX)/share/kgsh/data $(DESTDIR)$(PREFIX)/share/kgsh/ontology
	install -d $(DESTDIR)$(PREFIX)/share/kgsh/data/contexts
	install -m 755 $(BUILD)/kgsh $(DESTDIR)$(PREFIX)/bin/kgsh
	install -d $(DESTDIR)$(REDLAND_MODULE_DIR)
	install -m 644 $(REDLAND_MODULE) $(DESTDIR)$(REDLAND_MODULE_DIR)/
	install -m 644 $(BUILD)/libkg.a $(DESTDIR)$(PREFIX)/lib/libkg.a
	install -m 644 graph/kg.h $(DESTDIR)$(PREFIX)/include/kg/kg.h
	install -m 644 data/*.trig data/*.ttl data/load.kgsh $(DESTDIR)$(PREFIX)/share/kgsh/data/
	install -m 644 ontology/*.ttl $(DESTDIR)$(PREFIX)/share/kgsh/ontology/
	install -m 644 data/contexts/*.jsonld data/contexts/README.md $(DESTDIR)$(PREFIX)/share/kgsh/data/contexts/

clean:
	rm -rf $(BUILD)

-include $(LIB_OBJ:.o=.d) $(PIC_LIB_OBJ:.o=.d) $(REDLAND_OBJ:.o=.d) $(SHELL_OBJ:.o=.d) $(SERVE_OBJ:.o=.d) $(UNIT_BIN:=.d) $(TOOL_BIN:=.d) \
  $(REPLAY_BIN:=.d) $(BUILD)/tests/fuzz/replay.d $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%.d)
