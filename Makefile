# trawl - build, test, demo, fuzz.
#   make        build/trawl (release, -O2)
#   make test   install missing packages, build (also with ASan+UBSan), run every test
#   make demo   install missing packages, build, run the seed detection on examples/
#   make fuzz   long libFuzzer runs (clang)

CC      ?= cc
# Short "CC file" lines; `make V=1` shows the whole commands.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-6s %s\n' $(1) $(2)
endif
PKGS    := yaml-0.1 libpcre2-8 expat jansson zlib libzstd libdeflate
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lyaml -lpcre2-8 -lexpat -ljansson -lz -lzstd -ldeflate)
WARN    := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
CFLAGS  ?= -O2 -g
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(PKG_CFLAGS) -Ibuild/gen -MMD -MP
LDLIBS  = $(PKG_LIBS) -lpthread -lm

SRC      := $(sort $(wildcard src/*/*.c))
LIB_SRC  := $(filter-out src/cli/main.c,$(SRC))
BUILTIN  := $(sort $(shell find content/builtin -type f 2>/dev/null))
GEN_C    := build/gen/builtin_pack.c

# Release objects
OBJ      := $(patsubst src/%.c,build/obj/%.o,$(SRC)) build/obj/gen/builtin_pack.o
LIB_OBJ  := $(filter-out build/obj/cli/main.o,$(OBJ))
# Sanitizer objects (tests run against these)
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_OBJ  := $(patsubst build/obj/%,build/san/%,$(OBJ))
SAN_LIB_OBJ := $(filter-out build/san/cli/main.o,$(SAN_OBJ))

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,build/san/tests/%,$(UNIT_SRC))

.PHONY: all deps test demo fuzz clean unit san
all: build/trawl

deps:
	@scripts/install-deps

$(GEN_C): scripts/embed-content $(BUILTIN)
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)
	$(Q)scripts/embed-content content/builtin > $@.tmp && mv $@.tmp $@

build/obj/gen/builtin_pack.o: $(GEN_C)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(CFLAGS_ALL) -c $< -o $@

build/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(CFLAGS_ALL) -c $< -o $@

build/trawl: $(OBJ)
	$(call say,LD,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

build/san/gen/builtin_pack.o: $(GEN_C)
	@mkdir -p $(dir $@)
	$(call say,CC-SAN,$<)
	$(Q)$(CC) $(CFLAGS_ALL) $(SAN_FLAGS) -c $< -o $@

build/san/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(call say,CC-SAN,$<)
	$(Q)$(CC) $(CFLAGS_ALL) $(SAN_FLAGS) -c $< -o $@

build/san/trawl: $(SAN_OBJ)
	$(call say,LD-SAN,$@)
	$(Q)$(CC) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)

build/san/tests/%: tests/unit/%.c $(SAN_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(call say,TEST,$@)
	$(Q)$(CC) $(CFLAGS_ALL) $(SAN_FLAGS) -Isrc -o $@ $< $(SAN_LIB_OBJ) $(LDLIBS) -lcmocka

san: build/san/trawl $(UNIT_BIN)

test: deps
	$(MAKE) all san
	tests/run

demo: deps
	$(MAKE) all
	scripts/demo

# libFuzzer targets: one per parser, tests/fuzz/fuzz_*.c. The library is compiled
# once with the fuzzer's instrumentation (build/fz/) and linked into each target.
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_LINK := -fsanitize=fuzzer,address,undefined
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE $(PKG_CFLAGS) -Ibuild/gen -Isrc $(FUZZ_FLAGS) -MMD -MP
FUZZ_OBJ := $(patsubst src/%.c,build/fz/%.o,$(LIB_SRC)) build/fz/gen/builtin_pack.o

build/fz/gen/builtin_pack.o: $(GEN_C)
	@mkdir -p $(dir $@)
	$(call say,CC-FZ,$<)
	$(Q)clang $(FUZZ_CFLAGS) -c $< -o $@

build/fz/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(call say,CC-FZ,$<)
	$(Q)clang $(FUZZ_CFLAGS) -c $< -o $@

build/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(call say,FUZZ,$@)
	$(Q)clang $(FUZZ_CFLAGS) $(FUZZ_LINK) -o $@ $< $(FUZZ_OBJ) $(LDLIBS)

.SECONDARY: $(FUZZ_OBJ)

fuzz-build: $(FUZZ_BIN)

fuzz: deps
	$(MAKE) fuzz-build
	FUZZ_SECONDS=$${FUZZ_SECONDS:-300} tests/fuzz/run

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(SAN_OBJ:.o=.d) $(FUZZ_OBJ:.o=.d)
