#!/usr/bin/env bash
# Printed by `make run`: how a phone on the same network reaches the demo. Usage: phone-access.sh HOST:PORT
# Only reads this machine's addresses (hostname -I, else ip -4 addr); sends nothing anywhere.
set -uo pipefail

listen=${1:-127.0.0.1:8080}
host=${listen%:*}
port=${listen##*:}
scheme=http
if [[ -n ${SAFEGRID_TLS_CERT:-} ]]; then scheme=https; fi

# IPv4 addresses of this machine other than loopback: what a phone on the same Wi-Fi can reach.
lan=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+(\.[0-9]+){3}$' | grep -v '^127\.')
if [[ -z $lan ]] && command -v ip >/dev/null; then
  lan=$(ip -4 -o addr show scope global 2>/dev/null | awk '{print $4}' | cut -d/ -f1)
fi

echo
echo "手机访问 / Phones on the same network:"
if [[ -z $lan ]]; then
  echo "  this machine has no LAN address (no network?): a phone cannot reach it."
else
  echo "  this machine's LAN address(es): $(echo $lan)"
  case $host in
    0.0.0.0 | :: | "[::]")
      for address in $lan; do echo "  open on the phone: $scheme://$address:$port"; done
      ;;
    127.* | localhost | ::1 | "[::1]")
      echo "  the demo serves $listen: this machine only. To let a phone in:"
      echo "      SAFEGRID_LISTEN=0.0.0.0:$port make run        (or: make run LISTEN=0.0.0.0:$port)"
      for address in $lan; do echo "  then open on the phone: $scheme://$address:$port"; done
      ;;
    *)
      echo "  open on the phone: $scheme://$host:$port (if $host is one of the addresses above)"
      ;;
  esac
fi
if [[ $scheme == http ]]; then
  echo "  离线检查与「使用我的位置」「附近企业」在手机上需要 HTTPS。"
  echo "  Offline inspection and the phone's location (\"使用我的位置\", \"附近企业\") need HTTPS:"
  echo "  SAFEGRID_TLS_CERT=cert.pem SAFEGRID_TLS_KEY=key.pem make run, or a proxy: docs/deploy.md \"HTTPS for phones\"."
fi
echo
