# Thin wrapper over CMake: the two quick-start commands and a few helpers.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps build demo test asan clean

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

asan: deps
	$(MAKE) test BUILD=build-asan CMAKE_FLAGS="-DCF_ASAN=ON -DCF_UBSAN=ON -DCMAKE_BUILD_TYPE=Debug"

clean:
	rm -rf $(BUILD) build-asan
