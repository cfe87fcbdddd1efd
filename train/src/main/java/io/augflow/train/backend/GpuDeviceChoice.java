package io.augflow.train.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ND4J device one training task binds its threads to, decided from the GPU the task was given
 * ({@link GpuRequest}), the process's CUDA environment and what ND4J reports ({@link Nd4jDevices}). Pure: no Spark,
 * no ND4J call; {@link TaskDevice} feeds it the real values and applies the result.
 *
 * <p>The mapping: Spark's addresses are the indices {@code conf/gpu-discovery.sh} reads from {@code nvidia-smi},
 * i.e. physical GPUs. ND4J numbers the devices the CUDA runtime shows it, 0 to count - 1: with
 * {@value #VISIBLE_DEVICES} set, device {@code i} is the {@code i}-th entry of that list, so the device is the
 * address's position in it; without it, the device is the address itself. Both agree with {@code nvidia-smi} only in
 * PCI bus order ({@value #DEVICE_ORDER}{@code =PCI_BUS_ID}, set by {@code conf/gpu.conf}); CUDA's own default lists
 * the fastest GPU first, which differs on hosts with mixed GPUs, hence a warning.
 *
 * <p>A task gets one device: ND4J trains one network on one thread's device. When Spark assigned several addresses,
 * the first is used and the others are named in {@link #unusedAddresses()}.
 *
 * @param device          ND4J's (CUDA's) device index to bind to
 * @param address         the GPU address it stands for, as Spark or {@value GpuRequest#LOCAL_ADDRESS_KEY} gave it
 * @param source          where the address came from, for messages
 * @param unusedAddresses further addresses assigned to the task and left idle
 * @param nd4j            what ND4J reported
 * @param warnings        conditions that do not stop training but may put it on another GPU than intended
 */
public record GpuDeviceChoice(int device, String address, String source, List<String> unusedAddresses,
                              Nd4jDevices nd4j, List<String> warnings) {
    /** The CUDA runtime's list of the GPUs a process may use, in the order it numbers them. */
    public static final String VISIBLE_DEVICES = "CUDA_VISIBLE_DEVICES";
    /** The CUDA runtime's device order: {@code FASTEST_FIRST} (default) or {@code PCI_BUS_ID} (nvidia-smi's). */
    public static final String DEVICE_ORDER = "CUDA_DEVICE_ORDER";
    /** The value of {@value #DEVICE_ORDER} under which CUDA numbers GPUs as nvidia-smi does. */
    public static final String PCI_BUS_ORDER = "PCI_BUS_ID";

    /** Copies the lists. */
    public GpuDeviceChoice {
        unusedAddresses = List.copyOf(unusedAddresses);
        warnings = List.copyOf(warnings);
    }

    /**
     * Decides the device of a task.
     *
     * @param request what the task asks for and was given
     * @param env     the process environment (only {@value #VISIBLE_DEVICES} and {@value #DEVICE_ORDER} are read)
     * @param nd4j    what ND4J reports
     * @return empty when nothing asks for a GPU: the CPU path, on which nothing is changed
     * @throws GpuUnavailableException when a GPU is asked for but ND4J cannot train on it
     */
    public static Optional<GpuDeviceChoice> choose(GpuRequest request, Map<String, String> env, Nd4jDevices nd4j) {
        if (!request.wantsGpu()) {
            return Optional.empty();
        }
        List<String> addresses;
        String source;
        if (!request.sparkAssigned().isEmpty()) {
            addresses = request.sparkAssigned();
            source = "Spark (" + GpuRequest.TASK_AMOUNT_KEY + "=" + amount(request.taskAmount()) + ")";
        } else if (request.localAddress() != null) {
            addresses = List.of(request.localAddress());
            source = GpuRequest.LOCAL_ADDRESS_KEY;
        } else {
            throw new GpuUnavailableException(GpuRequest.TASK_AMOUNT_KEY + "=" + amount(request.taskAmount())
                    + " but Spark assigned this task no GPU address: give executors GPUs"
                    + " (spark.executor.resource.gpu.amount and spark.executor.resource.gpu.discoveryScript, see"
                    + " conf/gpu.conf); on a local[N] master Spark assigns none, use -D" + GpuRequest.LOCAL_ADDRESS_KEY
                    + "=<index> instead");
        }
        String address = addresses.get(0).trim();
        String given = "GPU " + address + " (from " + source + ")";
        if (!nd4j.cuda()) {
            throw new GpuUnavailableException(given + " was asked for, but ND4J runs its " + nd4j.backend()
                    + " backend: this is the CPU build (nd4j-native). Build with `mvn -Pgpu -DskipTests package`"
                    + " (README, \"GPU executors\"), or drop the GPU request to train on the CPU");
        }
        int physical = index(address, given);
        String visible = env.get(VISIBLE_DEVICES);
        int device = visible == null ? physical : position(address, physical, visible, given);
        String visibleText = visible == null ? VISIBLE_DEVICES + " unset" : VISIBLE_DEVICES + "='" + visible + "'";
        if (device >= nd4j.deviceCount()) {
            throw new GpuUnavailableException(given + " is CUDA device " + device + " (" + visibleText
                    + ") but ND4J's CUDA backend sees " + (nd4j.deviceCount() == 0 ? "no device"
                    : "only " + nd4j.deviceCount() + " (0.." + (nd4j.deviceCount() - 1) + ")")
                    + ": the discovery script and CUDA disagree about this host's GPUs (check nvidia-smi and the"
                    + " driver on this host)");
        }
        List<String> warnings = new ArrayList<>();
        String order = env.get(DEVICE_ORDER);
        if ((visible != null || nd4j.deviceCount() > 1) && !PCI_BUS_ORDER.equals(order == null ? null : order.trim())) {
            warnings.add(DEVICE_ORDER + " is " + (order == null ? "unset" : "'" + order + "'") + ", not "
                    + PCI_BUS_ORDER + ": CUDA may number this host's GPUs differently from nvidia-smi (whose indices"
                    + " Spark assigns), so device " + device + " may be another GPU than " + address
                    + " on a host with mixed GPUs (conf/gpu.conf sets spark.executorEnv." + DEVICE_ORDER + ")");
        }
        List<String> unused = addresses.subList(1, addresses.size()).stream().map(String::trim).toList();
        if (!unused.isEmpty()) {
            warnings.add("the task was assigned " + addresses.size() + " GPUs " + addresses + "; one ND4J training"
                    + " thread uses one device, so " + unused + " stay idle: set " + GpuRequest.TASK_AMOUNT_KEY
                    + "=1");
        }
        return Optional.of(new GpuDeviceChoice(device, address, source, unused, nd4j, warnings));
    }

    /** @return one line for the executor log */
    public String describe() {
        return "ND4J device " + device + " = GPU " + address + " (from " + source + "; " + nd4j + ")";
    }

    private static int index(String address, String given) {
        if (!address.matches("[0-9]{1,9}")) {
            throw new GpuUnavailableException(given + ": the address must be a GPU index as nvidia-smi prints it"
                    + " (0, 1, ...), got '" + address + "'; conf/gpu-discovery.sh prints indices");
        }
        return Integer.parseInt(address);
    }

    /** The position of the address in CUDA_VISIBLE_DEVICES: CUDA's number for it in this process. */
    private static int position(String address, int physical, String visible, String given) {
        String[] entries = visible.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.equals(address) || entry.matches("[0-9]{1,9}") && Integer.parseInt(entry) == physical) {
                return i;
            }
        }
        throw new GpuUnavailableException(given + " is not in " + VISIBLE_DEVICES + "='" + visible
                + "' of this process, so CUDA cannot reach it: whoever starts the executor hides that GPU from it"
                + " (entries must be nvidia-smi indices, as the discovery script prints them, not UUIDs)");
    }

    private static String amount(double amount) {
        return amount == Math.rint(amount) ? Long.toString((long) amount) : Double.toString(amount);
    }
}
