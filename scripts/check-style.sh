#!/usr/bin/env bash
# Fast checks that keep the code's shape true by itself; run by scripts/test.sh before the build.
#
#   1. format: `clang-format --dry-run --Werror` over the C++ files of src/, tests/ and bench/
#      (config: .clang-format). Fix with `clang-format -i FILE`.
#   2. deps: the dependency rule of docs/architecture.md ("layer | may use | must not use"), read
#      from the #include lines of src/<layer>/:
#        core      only "core/...", <tl/...>, <fmt/...> and the C++ standard library, without
#                  <fstream>, <filesystem>, <iostream>, <ctime>, POSIX/C headers (*.h: sockets,
#                  files) and without reading a clock (std::chrono::*_clock: use core/ports/clock.hpp)
#        platform  no storage/, services/, http/
#        storage   no services/, http/
#        importer  no storage/, services/, http/
#        services  no http/, no Boost.Beast
#        http      no storage/ (it reaches the store through services)
#        every layer but app: no app/ (the composition root); no "../" includes (they would hide
#        which layer a header belongs to)
#   3. paths: no absolute path of a developer's machine (home, root's home, the work tree) in
#      src/, tests/, scripts/, bench/, web/e2e/, cmake/: data is found from the source tree or an
#      environment variable (tests/support/source_tree.hpp).
#
# Usage: scripts/check-style.sh [--no-format] [--root DIR]   check the tree (default: this repo)
#        scripts/check-style.sh --self-test                 plant violations in a temp copy and
#                                                           expect each to be caught
# Output: one line per violation, "file:line: [rule] message"; exit 1 when there is any.
set -euo pipefail

SCRIPT=$(readlink -f "$0")
ROOT=$(cd "$(dirname "$SCRIPT")/.." && pwd)
FORMAT=1
SELF_TEST=0
while [ $# -gt 0 ]; do
    case "$1" in
        --no-format) FORMAT=0 ;;
        --root) ROOT=$(cd "$2" && pwd); shift ;;
        --self-test) SELF_TEST=1 ;;
        -h|--help) sed -n '2,25p' "$SCRIPT"; exit 0 ;;
        *) echo "check-style: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

# The C++ files under the given top-level directories of $ROOT, NUL-separated, relative paths.
cxx_files() {
    local dirs=()
    for d in "$@"; do [ -d "$ROOT/$d" ] && dirs+=("$d"); done
    [ ${#dirs[@]} -gt 0 ] || return 0
    (cd "$ROOT" && find "${dirs[@]}" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.cc' \) \
        -not -path '*/node_modules/*' -print0 | sort -z)
}

check_format() {
    if ! command -v clang-format >/dev/null; then
        echo "check-style: clang-format is not installed (scripts/install-deps.sh)" >&2
        return 1
    fi
    local out
    # One process at a time so its messages do not interleave; the whole tree takes seconds.
    if out=$(cd "$ROOT" && cxx_files src tests bench | xargs -0 -r -n 50 clang-format --dry-run --Werror 2>&1); then
        return 0
    fi
    # "file:line:col: error: code should be clang-formatted" → one line per file (its first place).
    printf '%s\n' "$out" | awk -F: '/^[^ ].*: error: code should be clang-formatted/ {
            if (!($1 in n)) { first[$1] = $2; order[++files] = $1 }
            n[$1]++
        }
        END {
            for (i = 1; i <= files; i++) {
                f = order[i]
                printf "%s:%s: [format] not clang-formatted, %d place(s) (run: clang-format -i %s)\n", f, first[f], n[f], f
            }
            if (files == 0) print "clang-format failed:" > "/dev/stderr"
        }'
    grep -q 'code should be clang-formatted' <<<"$out" || printf '%s\n' "$out" >&2
    return 1
}

check_deps() {
    cxx_files src | (cd "$ROOT" && xargs -0 -r awk '
        function report(rule, msg) {
            printf "%s:%d: [deps:%s] %s: %s\n", FILENAME, FNR, rule, msg, line
            bad = 1
        }
        FNR == 1 {
            split(FILENAME, parts, "/")
            layer = parts[2]
        }
        {
            line = $0
            sub(/\r$/, "", line)
        }
        layer == "core" && line ~ /std::chrono::(system_clock|steady_clock|high_resolution_clock|utc_clock)/ {
            report("core", "core reads no clock (use core/ports/clock.hpp)")
        }
        line !~ /^[ \t]*#[ \t]*include[ \t]*[<"]/ { next }
        {
            target = line
            sub(/^[ \t]*#[ \t]*include[ \t]*/, "", target)
            quoted = substr(target, 1, 1) == "\""
            sub(/^[<"]/, "", target)
            sub(/[>"].*$/, "", target)
            top = target
            sub(/\/.*$/, "", top)
            nested = index(target, "/") > 0
        }
        target ~ /(^|\/)\.\.\// { report("relative", "include by layer path, not \"../\""); next }
        layer != "app" && nested && top == "app" { report(layer, layer " must not include app/ (the composition root)"); next }
        layer == "core" {
            if (nested && (top == "platform" || top == "storage" || top == "importer" || top == "services" || top == "http"))
                report("core", "core includes nothing from other layers")
            else if (nested && top != "core" && top != "tl" && top != "fmt")
                report("core", "core uses no library but tl::expected and fmt (no Boost, sqlite3, libpq, spdlog, sodium)")
            else if (!nested && target ~ /\.h$/ && !(quoted))
                report("core", "core has no I/O: no C/POSIX headers (files, sockets)")
            else if (!nested && (target == "fstream" || target == "filesystem" || target == "iostream" || target == "ctime"))
                report("core", "core has no I/O: no files, streams or clock")
            next
        }
        layer == "platform" && nested && (top == "storage" || top == "services" || top == "http") {
            report("platform", "platform must not include " top "/"); next
        }
        layer == "storage" && nested && (top == "services" || top == "http") {
            report("storage", "storage must not include " top "/"); next
        }
        layer == "importer" && nested && (top == "storage" || top == "services" || top == "http") {
            report("importer", "importer must not include " top "/"); next
        }
        layer == "services" && nested && top == "http" { report("services", "services must not include http/"); next }
        layer == "services" && (target ~ /^boost\/beast(\/|\.hpp$)/) { report("services", "services must not use Boost.Beast"); next }
        layer == "http" && nested && top == "storage" {
            report("http", "http must not include storage/ directly (go through services)"); next
        }
        END { exit bad }
    ')
}

check_paths() {
    local dirs=() d
    for d in src tests scripts bench web/e2e cmake; do [ -d "$ROOT/$d" ] && dirs+=("$d"); done
    [ ${#dirs[@]} -gt 0 ] || return 0
    # The pattern is assembled so that this file does not match itself.
    local machine='/(wo''rk|ho''me|ro''ot)/'
    local out
    out=$(cd "$ROOT" && grep -rnE --binary-files=without-match --exclude-dir=node_modules \
        --exclude-dir=test-results --exclude-dir=playwright-report "[\"'\`= ]$machine" "${dirs[@]}" || true)
    [ -z "$out" ] && return 0
    printf '%s\n' "$out" | awk -F: '{ f = $1; l = $2; $1 = ""; $2 = ""; sub(/^ +/, "");
        printf "%s:%s: [paths] absolute machine path; find it from the source tree or an env var: %s\n", f, l, $0 }'
    return 1
}

run_checks() {
    local failed=0
    if [ "$FORMAT" = 1 ]; then check_format || failed=1; fi
    check_deps || failed=1
    check_paths || failed=1
    return $failed
}

self_test() {
    local tmp
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-style.XXXXXX")
    trap 'rm -rf "$tmp"' RETURN
    # A synthetic tree with one clean file per layer: it must pass, then each planted violation
    # alone must fail with the rule it breaks.
    cp "$ROOT/.clang-format" "$tmp/"
    local layer
    for layer in core platform storage importer services http app; do
        mkdir -p "$tmp/src/$layer"
    done
    printf '#include <string>\n\n#include "core/error.hpp"\n\nnamespace safegrid {}  // namespace safegrid\n' \
        >"$tmp/src/core/ok.cpp"
    printf '#include <boost/beast/http.hpp>\n\n#include "services/x.hpp"\n' >"$tmp/src/http/ok.cpp"
    printf '#include <boost/json.hpp>\n\n#include "storage/db.hpp"\n' >"$tmp/src/services/ok.cpp"
    printf '#include <sqlite3.h>\n\n#include "core/error.hpp"\n' >"$tmp/src/storage/ok.cpp"
    printf '#include "http/server.hpp"\n#include "storage/db.hpp"\n' >"$tmp/src/app/ok.cpp"
    mkdir -p "$tmp/tests/storage"
    printf 'const char* kUrl = "sqlite:db/test.db";\n' >"$tmp/tests/storage/ok_test.cpp"
    local failures=0
    if ! "$SCRIPT" --root "$tmp" >"$tmp/out" 2>&1; then
        echo "check-style self-test: the clean tree was refused:" >&2
        cat "$tmp/out" >&2
        failures=1
    fi
    # plant FILE CONTENT EXPECTED-TAG: the check must fail and name FILE and the tag.
    plant() {
        local file=$1 content=$2 tag=$3
        mkdir -p "$(dirname "$tmp/$file")"
        printf '%s\n' "$content" >"$tmp/$file"
        if "$SCRIPT" --root "$tmp" >"$tmp/out" 2>&1; then
            echo "check-style self-test: NOT caught: $file ($tag)" >&2
            failures=1
        elif ! grep -q "^$file:[0-9]*: \[$tag" "$tmp/out"; then
            echo "check-style self-test: $file caught without [$tag]:" >&2
            cat "$tmp/out" >&2
            failures=1
        fi
        rm -f "$tmp/$file"
    }
    plant src/core/bad.cpp '#include <boost/asio.hpp>' deps:core
    plant src/core/bad.cpp '#include <sqlite3.h>' deps:core
    plant src/core/bad.cpp '#include <fstream>' deps:core
    plant src/core/bad.cpp '#include <sys/socket.h>' deps:core
    plant src/core/bad.cpp '#include "storage/db.hpp"' deps:core
    plant src/core/bad.cpp 'auto t = std::chrono::system_clock::now();' deps:core
    plant src/platform/bad.cpp '#include "services/x.hpp"' deps:platform
    plant src/storage/bad.cpp '#include "http/server.hpp"' deps:storage
    plant src/importer/bad.cpp '#include "storage/db.hpp"' deps:importer
    plant src/services/bad.cpp '#include "http/router.hpp"' deps:services
    plant src/services/bad.cpp '#include <boost/beast/http.hpp>' deps:services
    plant src/http/bad.cpp '#include "storage/repositories/user_repository.hpp"' deps:http
    plant src/http/bad.hpp '  #  include   "storage/db.hpp"' deps:http
    plant src/services/bad.cpp '#include "../http/router.hpp"' deps:relative
    plant src/storage/bad.cpp '#include "app/application.hpp"' deps:storage
    plant tests/services/bad_test.cpp 'auto dir = "/ho''me/dev/data";' paths
    plant scripts/bad.sh 'DATA=/wo''rk/shared/data' paths
    plant src/core/bad.cpp 'int  f( int x ){return x;}' format
    if [ "$failures" != 0 ]; then
        echo "check-style self-test FAILED" >&2
        return 1
    fi
    echo "check-style self-test passed (clean tree accepted, 18 planted violations caught)"
}

if [ "$SELF_TEST" = 1 ]; then
    self_test
    exit $?
fi
if run_checks; then
    echo "check-style: format, dependency rule and paths OK ($ROOT)"
else
    echo "check-style: FAILED (rules: docs/architecture.md; format: clang-format -i FILE)" >&2
    exit 1
fi
