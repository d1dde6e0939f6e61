package dev.glasshouse.cli.bench;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Watches the heap of the executor JVMs from outside: attaches to each process (the JDK's Attach API starts its
 * local JMX agent, reachable only from this machine) and listens to its garbage collections. Nothing in the
 * executors changes for it, and it costs them next to nothing: a notification per collection, no polling (an
 * earlier version polled every 50 ms over RMI, which showed in the executors' profiles).
 *
 * <p>The heap is at its fullest just before a collection, so the peak in use is the largest heap a collection
 * started from, or the heap in use at the window's end if that is larger.
 *
 * <p>Two figures per window: the largest heap in use (garbage included: it rises to whatever the
 * collector lets it before collecting), and the largest heap still in use just after a collection, from every
 * collection's notification (the data still referenced, plus old garbage not yet collected: what must stay under
 * the budget for an executor to be steady).
 */
final class HeapMonitor implements AutoCloseable {
    /**
     * The peaks of one window over all executors, in bytes; {@code afterGcBytes} is -1 when no collection ran in the
     * window; {@code maxBytes} is an executor's heap limit.
     */
    record Peak(long usedBytes, long afterGcBytes, long maxBytes) {
    }

    private record Watched(long pid, JMXConnector connector, MemoryMXBean memory) {
    }

    private final List<Watched> executors = new ArrayList<>();
    private final Object lock = new Object();
    private long peakUsed;
    private long peakAfterGc = -1;
    private long maxHeap;

    private HeapMonitor() {
    }

    /** Attaches to every pid; fails naming the pid that refused. */
    static HeapMonitor attach(List<Long> pids) throws IOException {
        HeapMonitor monitor = new HeapMonitor();
        try {
            for (long pid : pids) monitor.executors.add(monitor.connect(pid));
        } catch (IOException | RuntimeException e) {
            monitor.close();
            throw e;
        }
        return monitor;
    }

    private Watched connect(long pid) throws IOException {
        String address;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IOException("cannot attach to executor process " + pid + ": " + e.getMessage(), e);
        }
        JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        MBeanServerConnection server = connector.getMBeanServerConnection();
        MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class);
        try {
            Set<String> heapPools = new HashSet<>();
            for (ObjectName name : server.queryNames(
                    new ObjectName(ManagementFactory.MEMORY_POOL_MXBEAN_DOMAIN_TYPE + ",*"), null)) {
                MemoryPoolMXBean pool = ManagementFactory.newPlatformMXBeanProxy(server, name.toString(),
                        MemoryPoolMXBean.class);
                if (pool.getType() == MemoryType.HEAP) heapPools.add(pool.getName());
            }
            NotificationListener listener = (notification, handback) -> afterCollection(notification, heapPools);
            for (ObjectName collector : server.queryNames(
                    new ObjectName(ManagementFactory.GARBAGE_COLLECTOR_MXBEAN_DOMAIN_TYPE + ",*"), null)) {
                server.addNotificationListener(collector, listener, null, null);
            }
        } catch (MalformedObjectNameException | InstanceNotFoundException e) {
            throw new IllegalStateException("the platform memory beans of executor process " + pid
                    + " are not where the JDK puts them", e);
        }
        return new Watched(pid, connector, memory);
    }

    /** Starts a new window: the peaks seen so far are forgotten. */
    void reset() {
        synchronized (lock) {
            peakUsed = 0;
            peakAfterGc = -1;
        }
        sample();
    }

    /** The peaks since the last {@link #reset()}, after one last sample. */
    Peak peak() {
        sample();
        synchronized (lock) {
            return new Peak(peakUsed, peakAfterGc, maxHeap);
        }
    }

    /** Every collection of every executor reports the heap it left behind. */
    private void afterCollection(Notification notification, Set<String> heapPools) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) return;
        GcInfo gc = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
        long beforeGc = heapUsed(gc.getMemoryUsageBeforeGc(), heapPools);
        long afterGc = heapUsed(gc.getMemoryUsageAfterGc(), heapPools);
        synchronized (lock) {
            peakUsed = Math.max(peakUsed, beforeGc);
            peakAfterGc = Math.max(peakAfterGc, afterGc);
        }
    }

    private static long heapUsed(Map<String, MemoryUsage> pools, Set<String> heapPools) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : pools.entrySet()) {
            if (heapPools.contains(pool.getKey())) used += pool.getValue().getUsed();
        }
        return used;
    }

    private void sample() {
        for (Watched executor : executors) {
            try {
                MemoryUsage heap = executor.memory().getHeapMemoryUsage();
                synchronized (lock) {
                    peakUsed = Math.max(peakUsed, heap.getUsed());
                    maxHeap = Math.max(maxHeap, heap.getMax());
                }
            } catch (RuntimeException e) {
                // An executor that is going away: its last samples stand.
            }
        }
    }

    @Override
    public void close() {
        for (Watched executor : executors) closeQuietly(executor.connector());
    }

    private static void closeQuietly(JMXConnector connector) {
        try {
            connector.close();
        } catch (IOException ignored) {
            // the executor may already be gone
        }
    }
}
