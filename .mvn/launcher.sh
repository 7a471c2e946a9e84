# Sourced by ./chipmc: the decisions of the launcher, as functions that a test can call one by one
# (cli/src/test/.../LauncherScriptTest).

# Whether the command-line jar $2 must be built again for the checkout at $1: it is missing, or a file
# of the build (the root pom, a module's sources or pom, the built-in scenarios) is newer than it.
# Build outputs (target/) do not count.
chipmc_jar_stale() { # $1 = repository root, $2 = jar
  local root=$1 jar=$2
  [ -f "$jar" ] || return 0
  [ -n "$(find "$root/pom.xml" "$root/model" "$root/engine" "$root/io" "$root/cli" "$root/scenarios" \
        \( -name target -prune \) -o -type f -newer "$jar" -print 2>/dev/null | head -n 1)" ]
}

# The JVM options that chipmc command $1 adds to the user's CHIPMC_JAVA_OPTS: the commands that sample
# evaluate several samples at once on vector lanes (BatchEvaluator), which needs the JDK's Vector API,
# still an incubator module (the JVM then prints one line, "WARNING: Using incubator modules"). The other
# commands start without it. CHIPMC_JAVA_OPTS=-Dchipmc.vector=false turns the lanes off.
chipmc_command_java_opts() { # $1 = the chipmc command (run, validate, ...)
  if chipmc_samples "${1:-}"; then
    echo "--add-modules jdk.incubator.vector"
  else
    echo ""
  fi
}

# Whether chipmc command $1 samples: run, resume and sweep.
chipmc_samples() { # $1 = the chipmc command
  case "${1:-}" in
    run|resume|sweep) return 0 ;;
    *) return 1 ;;
  esac
}

# Class-data sharing: the run, resume and sweep commands start with an archive of the classes a short
# training run loaded (the JDK's dynamic CDS), which the JVM maps instead of parsing them from the jar
# again: about 0.7 s of a default run's 4 s (docs/BENCHMARKS.md). One archive per JDK build, beside the
# jar; made again after every build of the jar.
chipmc_cds_archive() { # $1 = JAVA_HOME, $2 = jar; prints the archive's path
  local id
  id=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$1/release" 2>/dev/null | head -n 1)
  [ -n "$id" ] || id=unknown
  printf '%s/chipmc-cds-%s.jsa\n' "$(dirname "$2")" "$(printf '%s' "$id" | tr -c 'A-Za-z0-9._+-' '_')"
}

# Whether archive $1 can serve jar $2: it exists and was made after the jar was built.
chipmc_cds_usable() { # $1 = archive, $2 = jar
  [ -s "$1" ] && [ "$1" -nt "$2" ]
}

# Sets the array chipmc_cds_quiet to the JVM options that make JDK $1 quiet about class-data sharing:
# where it cannot use an archive (other options, another JDK) it runs without one, as it would anyway.
# JDK 25 reports some of it under the log tag "aot", which older JDKs do not know: there an -Xlog
# option naming it would stop the JVM from starting, so it is added only from 25 on.
chipmc_set_cds_quiet() { # $1 = JAVA_HOME
  chipmc_cds_quiet=(-Xlog:cds=off -Xlog:cds+dynamic=off)
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
  if [ -n "$v" ] && [ "$v" -ge 25 ]; then
    chipmc_cds_quiet+=(-Xlog:aot=off)
  fi
}

# Whether the launcher should make archive $1 for jar $2 now: it is not usable, its directory is
# writable, and no attempt failed since the jar was built (a failed attempt leaves "$1.failed"), so that
# a JVM or a file system that cannot make one costs one try per build, not one per command.
chipmc_cds_should_make() { # $1 = archive, $2 = jar
  ! chipmc_cds_usable "$1" "$2" && [ -w "$(dirname "$1")" ] && ! { [ -e "$1.failed" ] && [ "$1.failed" -nt "$2" ]; }
}

# Makes archive $2 for JDK $1 by running "$1/bin/java" with the rest of the arguments (the training run,
# with the JVM options the archive will be used with), quietly. The archive is written under a temporary
# name and renamed, so launchers that race each other never leave half an archive. If the run or the
# archive fails, returns non-zero, leaving only the marker "$2.failed".
chipmc_make_cds_archive() { # $1 = JAVA_HOME, $2 = archive, then java's arguments
  local java=$1/bin/java archive=$2
  chipmc_set_cds_quiet "$1"
  shift 2
  local tmp="$archive.tmp-$$"
  if "$java" -XX:ArchiveClassesAtExit="$tmp" "${chipmc_cds_quiet[@]}" "$@" >/dev/null 2>&1 && [ -s "$tmp" ]; then
    mv -f "$tmp" "$archive" && rm -f "$archive.failed"
  else
    rm -f "$tmp"
    touch "$archive.failed" 2>/dev/null
    return 1
  fi
}

# Whether chipmc command $1 starts with the class-data archive: the commands that sample, whose start-up
# a user waits for most often (and which share one set of JVM options, so one archive).
chipmc_command_uses_cds() { # $1 = the chipmc command
  chipmc_samples "${1:-}"
}
