package org.oodmonitor.training.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Labelled or unlabelled image files, as a user of torchvision keeps them: a folder per class in
 * {@code ImageFolder}'s layout (classes are the sorted folder names, class {@code i} the {@code
 * i}-th, files walked in sorted order), or a CSV or JSONL list of file and label; PNG and JPEG.
 *
 * @param name the set's name, for reports
 * @param files the images, in order
 * @param labels each image's class index, or null for an unlabelled set
 */
public record ImageFiles(String name, List<Path> files, int[] labels) {

    /** The most images read. */
    public static final int MAX_FILES = 1_000_000;

    public ImageFiles {
        files = List.copyOf(files);
    }

    /**
     * The labelled images at {@code source}: a folder of one folder per class (which must be {@code
     * classes} folders, the {@code i}-th in sorted order being class {@code i}), or a {@code .csv}
     * ({@code file,label}) or {@code .jsonl} ({@code {"file": ..., "label": ...}}) list whose
     * labels are class indices or labels of {@code classLabels}, files relative to the list.
     *
     * @throws IOException with a one-line reason
     */
    public static ImageFiles labelled(Path source, List<String> classLabels) throws IOException {
        if (Files.isDirectory(source)) {
            return folders(source, classLabels.size());
        }
        String file = source.getFileName().toString().toLowerCase(Locale.ROOT);
        if (file.endsWith(".csv") || file.endsWith(".jsonl")) {
            return list(source, classLabels, file.endsWith(".jsonl"));
        }
        throw new IOException(
                source + " is neither a folder of class folders nor a .csv or .jsonl list");
    }

    /**
     * Every PNG and JPEG image under the folder {@code source}, walked in sorted order, unlabelled:
     * an out-of-distribution set.
     *
     * @throws IOException with a one-line reason
     */
    public static ImageFiles unlabelled(Path source) throws IOException {
        if (!Files.isDirectory(source)) {
            throw new IOException(source + " is not a folder of images");
        }
        List<Path> files = images(source);
        if (files.isEmpty()) {
            throw new IOException(source + " holds no .png, .jpg or .jpeg image");
        }
        return new ImageFiles(source.getFileName().toString(), files, null);
    }

    /**
     * The class names of an {@code ImageFolder}: its folders' names in sorted order.
     *
     * @throws IOException when {@code root} is not a folder of at least two class folders
     */
    public static List<String> classFolders(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(
                    root + " is not a folder of class folders; give the class labels for a list");
        }
        List<String> names;
        try (Stream<Path> entries = Files.list(root)) {
            // Sorted as paths, as the folders are when read, so class i is the same folder.
            names =
                    entries.filter(Files::isDirectory)
                            .sorted()
                            .map(p -> p.getFileName().toString())
                            .toList();
        }
        if (names.size() < 2) {
            throw new IOException(
                    root + " has " + names.size() + " class folders; a classifier needs two");
        }
        return names;
    }

    /** The images at {@code indices}, in that order, as the set {@code newName}. */
    public ImageFiles select(int[] indices, String newName) {
        List<Path> chosen = new ArrayList<>(indices.length);
        int[] chosenLabels = labels == null ? null : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            chosen.add(files.get(indices[i]));
            if (chosenLabels != null) {
                chosenLabels[i] = labels[indices[i]];
            }
        }
        return new ImageFiles(newName, chosen, chosenLabels);
    }

    /** Whether {@code source} names image files: a folder, or a .csv or .jsonl list. */
    public static boolean isFilesSource(Path source) {
        String file = source.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isDirectory(source) || file.endsWith(".csv") || file.endsWith(".jsonl");
    }

    /** The encoding of {@code file} as events name it: {@code png} or {@code jpeg}. */
    public static String encodingOf(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")
                ? "png"
                : "jpeg";
    }

    public int count() {
        return files.size();
    }

    private static ImageFiles folders(Path root, int classes) throws IOException {
        List<Path> folders;
        try (Stream<Path> entries = Files.list(root)) {
            folders = entries.filter(Files::isDirectory).sorted().toList();
        }
        if (folders.size() != classes) {
            throw new IOException(
                    root
                            + " has "
                            + folders.size()
                            + " class folders, the model "
                            + classes
                            + " classes (class i is the i-th folder in sorted order, as"
                            + " torchvision's ImageFolder numbers them)");
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < folders.size(); c++) {
            List<Path> images = images(folders.get(c));
            if (images.isEmpty()) {
                throw new IOException(folders.get(c) + " holds no .png, .jpg or .jpeg image");
            }
            files.addAll(images);
            for (int i = 0; i < images.size(); i++) {
                labels.add(c);
            }
            checkCount(root, files.size());
        }
        return new ImageFiles(
                root.getFileName().toString(),
                files,
                labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static ImageFiles list(Path list, List<String> classLabels, boolean jsonl)
            throws IOException {
        Path base = list.toAbsolutePath().getParent();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()
                    || (!jsonl && n == 0 && line.toLowerCase(Locale.ROOT).startsWith("file,"))) {
                continue;
            }
            String file;
            String label;
            if (jsonl) {
                var node = mapper.readTree(line);
                if (node == null || !node.hasNonNull("file") || !node.hasNonNull("label")) {
                    throw new IOException(
                            list + " line " + (n + 1) + ": needs \"file\" and \"label\"");
                }
                file = node.get("file").asText();
                label = node.get("label").asText();
            } else {
                int comma = line.lastIndexOf(',');
                if (comma <= 0) {
                    throw new IOException(list + " line " + (n + 1) + ": needs file,label");
                }
                file = line.substring(0, comma).strip();
                label = line.substring(comma + 1).strip();
            }
            Path path = base.resolve(file).normalize();
            if (!Files.isRegularFile(path)) {
                throw new IOException(list + " line " + (n + 1) + ": no file " + path);
            }
            files.add(path);
            labels.add(classIndex(label, classLabels, list, n + 1));
            checkCount(list, files.size());
        }
        if (files.isEmpty()) {
            throw new IOException(list + " lists no image");
        }
        return new ImageFiles(
                list.getFileName().toString(),
                files,
                labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int classIndex(String label, List<String> classLabels, Path list, int line)
            throws IOException {
        int index = classLabels.indexOf(label);
        if (index >= 0) {
            return index;
        }
        try {
            index = Integer.parseInt(label);
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0 || index >= classLabels.size()) {
            throw new IOException(
                    list
                            + " line "
                            + line
                            + ": label '"
                            + label
                            + "' is neither a class index below "
                            + classLabels.size()
                            + " nor one of "
                            + classLabels);
        }
        return index;
    }

    private static List<Path> images(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(
                            p -> {
                                String f = p.getFileName().toString().toLowerCase(Locale.ROOT);
                                return f.endsWith(".png")
                                        || f.endsWith(".jpg")
                                        || f.endsWith(".jpeg");
                            })
                    .sorted()
                    .toList();
        }
    }

    private static void checkCount(Path source, int count) throws IOException {
        if (count > MAX_FILES) {
            throw new IOException(source + " holds more than " + MAX_FILES + " images");
        }
    }
}
