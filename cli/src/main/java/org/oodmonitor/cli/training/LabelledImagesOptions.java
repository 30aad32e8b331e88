package org.oodmonitor.cli.training;

import java.nio.file.Path;
import org.oodmonitor.training.data.ImageFiles;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The labelled in-distribution images that {@code calibrate} and {@code evaluate} read. */
final class LabelledImagesOptions {

    @Option(
            names = "--images",
            paramLabel = "PATH",
            description =
                    "Labelled in-distribution images: an IDX file (gzip or not) with --labels, or"
                            + " image files (PNG, JPEG) as a folder of class folders in"
                            + " torchvision's ImageFolder layout (class i is the i-th folder in"
                            + " sorted order) or a .csv (file,label) or .jsonl ({\"file\","
                            + " \"label\"}) list.")
    Path images;

    @Option(
            names = "--labels",
            paramLabel = "IDX",
            description = "The IDX images' labels, IDX format.")
    Path labels;

    /** Whether images were given. */
    boolean given() {
        return images != null;
    }

    /** Whether the images are image files (a folder or a list) rather than an IDX file. */
    boolean files() {
        return labels == null;
    }

    /**
     * @throws ParameterException for an IDX file without its labels
     */
    void check(CommandSpec spec) {
        if (images != null && labels == null && !ImageFiles.isFilesSource(images)) {
            throw new ParameterException(
                    spec.commandLine(), "Missing required option: '--labels=IDX'");
        }
    }
}
