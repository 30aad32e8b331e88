package org.oodmonitor.inference.scoring;

/**
 * What one event gives a model, as it arrives: an image in some encoding, or a feature vector.
 * Shapes are checked when the input is prepared for a model, not here.
 */
public sealed interface EventInput permits EventInput.Image, EventInput.Vector {

    /**
     * An image.
     *
     * @param encoding png, jpeg or raw
     * @param data the image bytes
     * @param height rows of a raw image, 0 when the encoding says
     * @param width columns of a raw image, 0 when the encoding says
     * @param channels channels of a raw image (1 or 3)
     */
    record Image(String encoding, byte[] data, int height, int width, int channels)
            implements EventInput {}

    /**
     * A feature vector, for example an embedding.
     *
     * @param values its components
     */
    record Vector(float[] values) implements EventInput {}
}
