# The two commands of the README: `make run` and `make test`. Both install what
# is missing (Debian packages), configure once, and build incrementally.
BUILD_DIR ?= build
RUN_DIR   ?= $(CURDIR)/run
CMAKE_ARGS ?=
CTEST_ARGS ?=
JOBS ?= $(shell nproc)

.PHONY: all deps configure build run test bench fuzz test-asan screenshots format clean deb guest-image

all: build

deps:
	@bash packaging/install-deps.sh

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_ARGS)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# BACKEND=qemu runs the platform's domains as QEMU VMs (docs/qemu-backend.md); the guest
# image is built (or found current) first.
BACKEND ?=
run: build
	@if [ "$(BACKEND)" = qemu ]; then cmake --build $(BUILD_DIR) --target guest-image; fi
	@bash packaging/run-console.sh "$(BUILD_DIR)" "$(RUN_DIR)" "$(BACKEND)"

# The QEMU backend's guest image, from Debian packages (rebuilt only when its inputs change).
# FLAVOUR=debian-worker: a Debian root with buildbot-worker on a disk image (docs/ci-servers.md).
FLAVOUR ?=
guest-image: configure
	cmake --build $(BUILD_DIR) --target guest-image$(if $(FLAVOUR),-$(FLAVOUR))

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure --timeout 600 -j $(JOBS) $(CTEST_ARGS)

# Builds only the benchmarks and what they run (bench-all depends on the platform's binaries).
bench: configure
	cmake --build $(BUILD_DIR) --target bench-all -j $(JOBS)
	@bash bench/run-all.sh "$(BUILD_DIR)"

screenshots: build
	@bash packaging/screenshots.sh "$(BUILD_DIR)"

FUZZ_SECONDS ?= 60
fuzz:
	@bash packaging/install-deps.sh clang libclang-rt-14-dev
	cmake -S . -B build-fuzz -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCLONEDECK_FUZZ=ON
	cmake --build build-fuzz --target fuzz-all
	@bash tests/fuzz/run-fuzzers.sh build-fuzz $(FUZZ_SECONDS)

# UBSan stops at its first finding too, in every process the tests start (clonedeckd,
# clonectl), so a finding fails the test instead of scrolling by in a log.
test-asan:
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 $(MAKE) test BUILD_DIR=build-asan CMAKE_ARGS="-DCLONEDECK_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug"

format:
	git ls-files '*.cpp' '*.h' '*.c' | xargs clang-format -i

deb: build
	cd $(BUILD_DIR) && cpack -G DEB

clean:
	rm -rf $(BUILD_DIR)
