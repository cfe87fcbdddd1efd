"""Machine facts shared by the bench scripts' JSON writers (run from the repository root)."""
import platform


def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def mem_total_mb():
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            return int(line.split()[1]) // 1024
    return None


def load(s):
    """A /proc/loadavg line as {1min, 5min, 15min, raw}."""
    one, five, fifteen = s.split()[:3]
    return {"1min": float(one), "5min": float(five), "15min": float(fifteen), "raw": s.strip()}
