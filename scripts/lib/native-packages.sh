# Debian packages the project needs, shared by ./cluster (runtime) and ./scripts/test (runtime + test readers).
# Sourced, not executed.

# shared library file -> Debian package that provides it
declare -A CLUSTER_RUNTIME_LIBRARIES=(
  [libfftw3f.so.3]=libfftw3-single3
  [libfftw3.so.3]=libfftw3-double3
  [libcairo.so.2]=libcairo2
  [libhdf5_serial.so.103]=libhdf5-103-1
  [libzstd.so.1]=libzstd1
)
CLUSTER_RUNTIME_PACKAGES=(fonts-dejavu-core)

# Independent readers the tests check outputs with (Debian's /usr/bin/python3, not the one first on PATH), and the
# browser the dashboard tests drive through Playwright (headless; Playwright's own browser download is not used).
CLUSTER_TEST_PACKAGES=(python3-numpy python3-scipy python3-matplotlib python3-h5py python3-lxml hdf5-tools python3-prometheus-client python3-jsonschema chromium)

missing_runtime_packages() {
  local lib missing=()
  for lib in "${!CLUSTER_RUNTIME_LIBRARIES[@]}"; do
    ldconfig -p 2>/dev/null | grep -q "$lib" || missing+=("${CLUSTER_RUNTIME_LIBRARIES[$lib]}")
  done
  local pkg
  for pkg in "${CLUSTER_RUNTIME_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  echo "${missing[@]}"
}

missing_test_packages() {
  local pkg missing=()
  for pkg in "${CLUSTER_TEST_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  echo "${missing[@]}"
}

# Installs the given packages with apt when root; otherwise prints the exact line and fails.
install_packages() {
  [ "$#" -gt 0 ] || return 0
  local line="apt-get update && apt-get install -y --no-install-recommends $*"
  if [ "$(id -u)" -eq 0 ]; then
    echo "installing missing Debian packages: $*" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@") >&2
  else
    echo "missing Debian packages; run as root:" >&2
    echo "  sudo sh -c '$line'" >&2
    return 1
  fi
}
