package org.oodmonitor.job.cli;

import org.apache.flink.api.common.JobID;
import org.oodmonitor.job.cluster.ClusterJobs;

/** Command line: {@code ood-monitor savepoint}; takes a savepoint of a job on a cluster. */
public final class SavepointCommand {

    static final String USAGE =
            """
            Usage: ood-monitor savepoint --cluster URL --job ID [--stop] [--dir DIR]
              Takes a savepoint of the monitor job ID on the Flink cluster whose REST API is at
              URL (http://HOST:PORT) and prints its path. --stop stops the job once the savepoint
              is taken, its Kafka transactions committed (stop-with-savepoint); start it again
              with 'ood-monitor run --cluster URL --from-savepoint PATH', with another
              parallelism or model version if you like. --dir writes the savepoint there instead
              of the cluster's execution.checkpointing.savepoint-dir.
            """;

    private SavepointCommand() {}

    public static void main(String[] args) {
        String cluster = null;
        String job = null;
        String dir = null;
        boolean stop = false;
        JobID id;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--help", "-h" -> {
                        System.out.print(USAGE);
                        return;
                    }
                    case "--cluster" -> cluster = value(args, ++i, "--cluster");
                    case "--job" -> job = value(args, ++i, "--job");
                    case "--dir" -> dir = value(args, ++i, "--dir");
                    case "--stop" -> stop = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (cluster == null || job == null) {
                throw new IllegalArgumentException("--cluster and --job are required");
            }
            try {
                id = JobID.fromHexString(job);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--job wants a 32-digit hex job id, not " + job);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ood-monitor savepoint: " + e.getMessage());
            System.exit(2);
            return;
        }
        try (ClusterJobs jobs = ClusterJobs.connect(cluster)) {
            System.out.println(jobs.savepoint(id, stop, dir));
        } catch (Exception e) {
            System.err.println("ood-monitor savepoint: " + e.getMessage().replace('\n', ' '));
            System.exit(1);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
