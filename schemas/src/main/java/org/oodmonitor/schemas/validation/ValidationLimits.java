package org.oodmonitor.schemas.validation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Size limits that a record must stay within, on top of its JSON Schema. */
public final class ValidationLimits implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default limit on one serialised record. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 8 * 1024 * 1024;

    /** Default limit on the decoded bytes of one image. */
    public static final int DEFAULT_MAX_IMAGE_BYTES = 4 * 1024 * 1024;

    /** Default limit on an image's height and width. */
    public static final int DEFAULT_MAX_IMAGE_SIDE = 4096;

    /** Default limit on the length of a feature vector. */
    public static final int DEFAULT_MAX_VECTOR_LENGTH = 65_536;

    /** Default limit on the number of attributes. */
    public static final int DEFAULT_MAX_ATTRIBUTES = 64;

    private final int maxRecordBytes;
    private final int maxImageBytes;
    private final int maxImageSide;
    private final int maxVectorLength;
    private final int maxAttributes;

    private ValidationLimits(Builder b) {
        this.maxRecordBytes = b.maxRecordBytes;
        this.maxImageBytes = b.maxImageBytes;
        this.maxImageSide = b.maxImageSide;
        this.maxVectorLength = b.maxVectorLength;
        this.maxAttributes = b.maxAttributes;
    }

    public static ValidationLimits defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    public int maxImageBytes() {
        return maxImageBytes;
    }

    public int maxImageSide() {
        return maxImageSide;
    }

    public int maxVectorLength() {
        return maxVectorLength;
    }

    public int maxAttributes() {
        return maxAttributes;
    }

    @Override
    public String toString() {
        return "ValidationLimits[maxRecordBytes=%d, maxImageBytes=%d, maxImageSide=%d, maxVectorLength=%d, maxAttributes=%d]"
                .formatted(
                        maxRecordBytes,
                        maxImageBytes,
                        maxImageSide,
                        maxVectorLength,
                        maxAttributes);
    }

    /** Builds {@link ValidationLimits}; every limit must be positive. */
    public static final class Builder {
        private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        private int maxImageBytes = DEFAULT_MAX_IMAGE_BYTES;
        private int maxImageSide = DEFAULT_MAX_IMAGE_SIDE;
        private int maxVectorLength = DEFAULT_MAX_VECTOR_LENGTH;
        private int maxAttributes = DEFAULT_MAX_ATTRIBUTES;

        private Builder() {}

        public Builder maxRecordBytes(int value) {
            this.maxRecordBytes = value;
            return this;
        }

        public Builder maxImageBytes(int value) {
            this.maxImageBytes = value;
            return this;
        }

        public Builder maxImageSide(int value) {
            this.maxImageSide = value;
            return this;
        }

        public Builder maxVectorLength(int value) {
            this.maxVectorLength = value;
            return this;
        }

        public Builder maxAttributes(int value) {
            this.maxAttributes = value;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming every limit that is not positive
         */
        public ValidationLimits build() {
            List<String> errors = new ArrayList<>();
            requirePositive(errors, "maxRecordBytes", maxRecordBytes);
            requirePositive(errors, "maxImageBytes", maxImageBytes);
            requirePositive(errors, "maxImageSide", maxImageSide);
            requirePositive(errors, "maxVectorLength", maxVectorLength);
            requirePositive(errors, "maxAttributes", maxAttributes);
            if (maxImageBytes > maxRecordBytes) {
                errors.add(
                        "maxImageBytes ("
                                + maxImageBytes
                                + ") cannot exceed maxRecordBytes ("
                                + maxRecordBytes
                                + ")");
            }
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException(
                        "Invalid validation limits: " + String.join("; ", errors));
            }
            return new ValidationLimits(this);
        }

        private static void requirePositive(List<String> errors, String name, int value) {
            if (value <= 0) {
                errors.add(name + " must be positive, was " + value);
            }
        }
    }
}
