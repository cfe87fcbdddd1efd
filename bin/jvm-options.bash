# The JVM options augflow needs on Java 17, in one place: sourced by bin/augflow and by the benches that start
# their own JVMs (see README, "Running on a cluster", for the same list in spark-submit form).
#   AUGFLOW_OPENS     --add-opens for Spark 3.5 (Kryo, off-heap buffers) and DL4J/ND4J (JavaCPP)
#   AUGFLOW_DL4J_CPU  DL4J on CPU: the oneDNN helpers on and the oneDNN build of libnd4j (README, "Training speed")
#   augflow_omp_env   one OpenMP thread per concurrent task (local[N] runs N training tasks at once, each with its
#                     own network: threads per op beyond that oversubscribe the cores, measured 1.6x slower), passive
#                     when idle (busy-waiting steals CPU from Spark and the feed); set OMP_NUM_THREADS to override

AUGFLOW_OPENS=()
for _augflow_pkg in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
    java.util.concurrent java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  AUGFLOW_OPENS+=("--add-opens=java.base/$_augflow_pkg=ALL-UNNAMED")
done
unset _augflow_pkg

AUGFLOW_DL4J_CPU=(-Dorg.eclipse.deeplearning4j.helpers.disable=false -Dorg.bytedeco.javacpp.platform.extension=-onednn)

augflow_omp_env() {
  export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
  export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
}
