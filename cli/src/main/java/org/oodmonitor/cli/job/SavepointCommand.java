package org.oodmonitor.cli.job;

import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.HelpOption;
import org.oodmonitor.cli.cluster.ClusterJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Command line: {@code ood-monitor savepoint}; takes a savepoint of a job on a cluster. */
@Command(
        name = "savepoint",
        header = "Take a (stop-with-)savepoint of a monitor job on a cluster.",
        description =
                "Takes a savepoint of the monitor job ID on the Flink cluster whose REST API is at"
                        + " URL and prints its path. Start the job again from it with 'ood-monitor"
                        + " run --cluster URL --from-savepoint PATH', with another parallelism or"
                        + " model version if you like.")
public final class SavepointCommand implements Callable<Integer> {

    @Option(
            names = "--cluster",
            required = true,
            paramLabel = "URL",
            description = "The cluster's REST address, http://HOST:PORT.")
    private String cluster;

    @Option(
            names = "--job",
            required = true,
            paramLabel = "ID",
            description = "The job id (32 hex digits), as 'run --cluster' printed it.")
    private String job;

    @Option(
            names = "--stop",
            description =
                    "Stop the job once the savepoint is taken and its Kafka transactions"
                            + " committed (stop-with-savepoint).")
    private boolean stop;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description =
                    "Write the savepoint there instead of the cluster's"
                            + " execution.checkpointing.savepoint-dir.")
    private String dir;

    @Mixin private HelpOption help;

    @Spec private CommandSpec spec;

    public static void main(String[] args) {
        CommandRunner.exit(new SavepointCommand(), args);
    }

    @Override
    public Integer call() throws Exception {
        JobID id;
        try {
            id = JobID.fromHexString(job);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--job wants a 32-digit hex job id, not " + job);
        }
        try (ClusterJobs jobs = ClusterJobs.connect(cluster)) {
            spec.commandLine().getOut().println(jobs.savepoint(id, stop, dir));
        }
        return 0;
    }
}
