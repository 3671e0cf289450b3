# Sourced by ./xxftp and bench/run: sets JAVA to the newest JDK 21+ found in JAVA_HOME, PATH
# or the usual JVM folders, so nothing depends on the machine's default java.
java_version() { # major version of a java binary, or 0
  "$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 || echo 0
}

find_java() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for dir in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$dir/bin/java" ] && candidates+=("$dir/bin/java")
  done
  local best="" best_version=0 version
  for candidate in "${candidates[@]}"; do
    version="$(java_version "$candidate")"
    if [ "${version:-0}" -ge 21 ] && [ "$version" -gt "$best_version" ]; then
      best="$candidate"; best_version="$version"
    fi
  done
  [ -n "$best" ] || { echo "xxftp: needs a JDK 21 or newer; set JAVA_HOME to one" >&2; exit 1; }
  JAVA="$best"
  JAVA_OPTS=()
  # Guice still uses sun.misc.Unsafe; JDK 24+ warns about it unless told it is allowed.
  [ "$best_version" -ge 24 ] && JAVA_OPTS+=(--sun-misc-unsafe-memory-access=allow)
  return 0
}
