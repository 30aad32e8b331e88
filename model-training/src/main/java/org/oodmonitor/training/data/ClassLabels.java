package org.oodmonitor.training.data;

import java.util.ArrayList;
import java.util.List;

/** Default class labels: Fashion-MNIST's for ten-class image data, else the class numbers. */
public final class ClassLabels {

    public static final List<String> FASHION_MNIST =
            List.of(
                    "T-shirt/top",
                    "Trouser",
                    "Pullover",
                    "Dress",
                    "Coat",
                    "Sandal",
                    "Shirt",
                    "Sneaker",
                    "Bag",
                    "Ankle boot");

    private ClassLabels() {}

    /**
     * @param given the names {@code --class-labels} gave, or null
     * @param labels the data's labels
     * @param images whether the data are images
     */
    public static List<String> labels(List<String> given, int[] labels, boolean images) {
        int classes = 0;
        for (int label : labels) {
            classes = Math.max(classes, label + 1);
        }
        if (given != null) {
            if (given.size() != classes) {
                throw new IllegalArgumentException(
                        "--class-labels names "
                                + given.size()
                                + " classes but the data has "
                                + classes);
            }
            return List.copyOf(given);
        }
        if (images && classes == FASHION_MNIST.size()) {
            return FASHION_MNIST;
        }
        List<String> numbers = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            numbers.add(Integer.toString(c));
        }
        return numbers;
    }
}
