package dev.chipmc.model;

import java.util.Objects;

/**
 * How a resource's good units per period come about (MODEL.md sections 4 and 5).
 */
public sealed interface Supply {

    /** Good units {@code = production_t * yield_t} (yield defaults to the constant 1). */
    record Plain(Profile production, Profile yield) implements Supply {
        public Plain {
            Objects.requireNonNull(production, "production");
            Objects.requireNonNull(yield, "yield");
        }
    }

    /**
     * Logic wafers of one die type: good dies {@code = wafers_t * DPW(dieArea, edgeExclusion) *
     * Y(AD_t) * y0}, with {@code AD_t = dieArea / 100 * d0_t}.
     */
    record LogicDie(Profile wafers, Value dieArea, Value edgeExclusion, YieldModel model, Profile d0, Value y0)
            implements Supply {
        public LogicDie {
            Objects.requireNonNull(wafers, "wafers");
            Objects.requireNonNull(dieArea, "dieArea");
            Objects.requireNonNull(edgeExclusion, "edgeExclusion");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(d0, "d0");
            Objects.requireNonNull(y0, "y0");
        }
    }

    /**
     * HBM stack starts: good stacks {@code = starts_t * yBase * (yCore_t * yBond)^layers}.
     */
    record HbmStack(Profile starts, int layers, Value yBase, Profile yCore, Value yBond, Bonding bonding)
            implements Supply {
        public HbmStack {
            Objects.requireNonNull(starts, "starts");
            Objects.requireNonNull(yBase, "yBase");
            Objects.requireNonNull(yCore, "yCore");
            Objects.requireNonNull(yBond, "yBond");
            Objects.requireNonNull(bonding, "bonding");
            if (layers < 1) {
                throw new IllegalArgumentException("layers: must be at least 1, got " + layers);
            }
        }
    }
}
