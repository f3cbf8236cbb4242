# Thin wrapper over CMake: the two quick-start commands and a few helpers.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps build demo test asan example clean

all: build

deps:
	@sh scripts/install-deps.sh

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	./$(BUILD)/cofleet solve datasets/sample-city --time-limit 20

test: build
	cd $(BUILD) && ctest --output-on-failure $(ARGS)

# Installs into a temporary prefix, builds examples/solve_city.c against the
# installed libcofleet through pkg-config alone, solves the sample city with
# it and checks the plan with the installed cofleet.
example: build
	@set -e; prefix=$$(mktemp -d); \
	cmake --install $(BUILD) --prefix "$$prefix" >/dev/null; \
	pc=$$(dirname "$$(find "$$prefix" -name cofleet.pc)"); \
	cc -std=c11 -Wall -Wextra -Werror examples/solve_city.c \
	    $$(PKG_CONFIG_PATH="$$pc" pkg-config --cflags --libs --static cofleet) \
	    -o "$$prefix/solve_city"; \
	"$$prefix/solve_city" datasets/sample-city "$$prefix/plan"; \
	"$$prefix/bin/cofleet" check datasets/sample-city "$$prefix/plan"; \
	rm -rf "$$prefix"

asan: deps
	$(MAKE) test BUILD=build-asan CMAKE_FLAGS="-DCF_ASAN=ON -DCF_UBSAN=ON -DCMAKE_BUILD_TYPE=Debug"

clean:
	rm -rf $(BUILD) build-asan
