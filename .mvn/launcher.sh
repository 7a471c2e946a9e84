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
  case "${1:-}" in
    run|resume|sweep) echo "--add-modules jdk.incubator.vector" ;;
    *) echo "" ;;
  esac
}
