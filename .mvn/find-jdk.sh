# Sourced by ./mvnw, ./chipmc and .ci/run: makes JAVA_HOME point at a JDK >= 21.
# Order: JAVA_HOME if it is new enough, then `java` on the PATH, then the usual install places.
# Prints what to install and returns 1 when there is none.
chipmc_java_major() { # $1 = path to a java binary; prints its feature version (17, 21, 25, ...)
  # The JDK's release file says it without starting a JVM (a tenth of a second each, for every
  # candidate); a JDK without one is asked.
  local release v
  release="$(dirname "$(dirname "$1")")/release"
  if [ -f "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9][0-9]*\).*/\2/p' "$release" | head -n 1)
    if [ -n "$v" ]; then
      echo "$v"
      return 0
    fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}
chipmc_find_jdk() {
  local min=21 cand v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(chipmc_java_major "$JAVA_HOME/bin/java"); [ -n "$v" ] && [ "$v" -ge "$min" ] && return 0
  fi
  if command -v javac >/dev/null 2>&1; then
    cand=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(chipmc_java_major "$cand/bin/java"); if [ -n "$v" ] && [ "$v" -ge "$min" ]; then export JAVA_HOME="$cand"; return 0; fi
  fi
  local best="" bestv=0 noglob=0
  case $- in *f*) noglob=1; set +f;; esac
  for cand in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* /usr/java/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$cand/bin/javac" ] || continue
    v=$(chipmc_java_major "$cand/bin/java"); [ -n "$v" ] || continue
    if [ "$v" -ge "$min" ] && [ "$v" -gt "$bestv" ]; then best=$cand; bestv=$v; fi
  done
  [ "$noglob" = 1 ] && set -f
  if [ -n "$best" ]; then export JAVA_HOME="$best"; return 0; fi
  echo "chipmc: no JDK $min or newer found (looked at JAVA_HOME, the PATH and /usr/lib/jvm)." >&2
  echo "chipmc: install one, e.g. 'apt-get install openjdk-21-jdk-headless' or a Temurin 21+ JDK, or set JAVA_HOME to it." >&2
  return 1
}
chipmc_find_jdk || exit 1
