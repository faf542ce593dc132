#!/usr/bin/env bash
# Installs every Debian 12 package SafeGrid needs to build, test and run.
# Idempotent: does nothing when everything is present. Boost is pinned to 1.81
# (Debian's default is 1.74, which lacks the Beast/URL features we use).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15 postgresql-client-15
  patroni etcd-server  # tests: failover with Patroni (scripts/patroni-cluster.sh)
  libsodium-dev libspdlog-dev libfmt-dev libcli11-dev libexpected-dev libgoogle-perftools-dev
  libhpdf-dev libxlsxwriter-dev libminizip-dev zlib1g-dev libexpat1-dev
  libqrencode-dev  # QR codes on posters and notices (src/platform/qr_code)
  zbar-tools  # tests: zbarimg reads the printed QR codes back
  libmosquitto-dev mosquitto
  libssl-dev openssl  # serve --tls-cert/--tls-key; openssl makes the test certificates
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev clang-format clang-tidy
  poppler-utils poppler-data wrk curl procps bc unzip
  fonts-wqy-microhei  # runtime: the font embedded in rectification notices (cjk_font); e2e screenshots
  chromium nodejs npm
)

missing=()
for p in "${PACKAGES[@]}"; do
  # nodejs/npm may come from elsewhere on developer machines; accept any working binary.
  if [[ $p == nodejs ]] && command -v node >/dev/null; then continue; fi
  if [[ $p == npm ]] && command -v npm >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts services on install; tests start their own, on their own ports.
$SUDO systemctl disable --now mosquitto >/dev/null 2>&1 || true
# etcd's unit would hold 2379/2380 and patroni's would manage a cluster of its own: neither is ours
# (the failover test starts its own on free ports). Without systemd (containers) the packages' init
# scripts may have started them: stop those too. Only services this run installed.
for service in etcd:etcd-server patroni:patroni; do
  [[ " ${missing[*]} " == *" ${service#*:} "* ]] || continue
  $SUDO systemctl disable --now "${service%%:*}" >/dev/null 2>&1 \
    || $SUDO service "${service%%:*}" stop >/dev/null 2>&1 || true
done
