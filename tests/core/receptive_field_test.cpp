#include "core/models/receptive_field.h"

#include <gtest/gtest.h>

#include <numeric>

#include "core/inspect/canvas_field.h"
#include "core/models/model_spec.h"
#include "core/stimulus/stimulus_renderer.h"
#include "core/util/errors.h"

using namespace fovea;
using models::SpatialOp;

namespace {

SpatialOp conv(int kernel, int stride = 1, int padding = 0, int dilation = 1) {
  return {SpatialOp::Kind::Conv, kernel, stride, padding, dilation};
}
SpatialOp pool(int kernel, int stride) {
  return {SpatialOp::Kind::MaxPool, kernel, stride};
}

TEST(ReceptiveField, AlexNetFieldsMatchThePublishedValues) {
  // AlexNet's features (torchvision layout): the field sizes and strides every RF calculator
  // lists for it.
  const std::vector<SpatialOp> ops = {conv(11, 4, 2), pool(3, 2),    conv(5, 1, 2), pool(3, 2),
                                      conv(3, 1, 1),  conv(3, 1, 1), conv(3, 1, 1), pool(3, 2)};
  const std::vector<double> sizes = {11, 19, 51, 67, 99, 131, 163, 195};
  const std::vector<double> jumps = {4, 8, 8, 16, 16, 16, 16, 32};
  models::ReceptiveField field;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    field = models::compose(field, ops[i]);
    EXPECT_EQ(field.size, sizes[i]) << "after operation " << i;
    EXPECT_EQ(field.jump, jumps[i]) << "after operation " << i;
  }
  // conv1's unit 0 is centred on pixel 3: its 11-pixel window starts 2 pixels into the padding.
  EXPECT_EQ(models::compose({}, ops[0]).first_centre, 3);
  EXPECT_EQ(models::compose({}, ops[0]).firstPixel(0), -2);
}

TEST(ReceptiveField, DilationWidensTheKernelAndPaddingShiftsIt) {
  const auto field = models::compose({}, conv(3, 1, 2, 2));  // spans 5 pixels, 'same' output
  EXPECT_EQ(field.size, 5);
  EXPECT_EQ(field.first_centre, 0);
  const auto two = models::compose(field, conv(3, 2, 0, 3));  // spans 7 of its input
  EXPECT_EQ(two.size, 11);
  EXPECT_EQ(two.jump, 2);
  EXPECT_EQ(two.first_centre, 3);
}

TEST(ReceptiveField, ThePaperNetworkSeesSevenThirteenNineteenThenEverything) {
  const auto layers = models::layerTable(models::ModelSpec{});
  const auto fields = models::receptiveFields(layers);
  ASSERT_EQ(fields.size(), 5u);   // conv1..conv4, logits
  EXPECT_EQ(fields[0]->size, 7);  // 5x5 conv, 3x3 stride-1 pool
  EXPECT_EQ(fields[1]->size, 13);
  EXPECT_EQ(fields[2]->size, 19);
  EXPECT_TRUE(fields[3]->global);
  EXPECT_FALSE(fields[4].has_value());
  EXPECT_EQ(layers[0].scales_seen, 11);  // 11-1-1-1-1 pools every scale in the first layer
  models::ModelSpec progressive;
  progressive.scheme = "11-7-5-3-1";
  progressive.pool_stride = 2;
  const auto p = models::layerTable(progressive);
  EXPECT_EQ(p[0].scales_seen, 5);
  EXPECT_EQ(p[1].scales_seen, 7);
  EXPECT_EQ(p[3].scales_seen, 11);
  const auto pf = models::receptiveFields(p);
  EXPECT_EQ(pf[0]->size, 7);   // 5, then a 3 px pool of stride 2
  EXPECT_EQ(pf[1]->size, 19);  // + 4 x 2, + 2 x 4
  EXPECT_EQ(pf[1]->jump, 4);
  EXPECT_EQ(pf[2]->size, 43);  // 60-56-27-23-11-7-3: + 4 x 4, + 2 x 4 x 2
  EXPECT_EQ(models::totalParameters(p), models::parameterCount(progressive));
}

TEST(CanvasField, AUnitMapsThroughEachCropItPools) {
  const retina::MultiscalePlan plan{retina::MultiscaleSpec{}};  // 1920 px canvas, 60 px crops
  const auto layers = models::layerTable(models::ModelSpec{});
  const auto field = *models::receptiveFields(layers)[0];
  // conv1 unit (27, 27): crop pixels 27..33, centred on 30, the crop's centre.
  const auto rects = inspect::canvasField(field, plan, 0, 11, 27, 27);
  ASSERT_EQ(rects.size(), 11u);
  EXPECT_DOUBLE_EQ(rects[0].x0, 930 + 27);  // the fovea's crop is the canvas at 1:1
  EXPECT_DOUBLE_EQ(rects[0].side(), 7);
  EXPECT_DOUBLE_EQ(rects[10].side(), 7 * 1920 / 60.0);  // the widest crop: 32 canvas px each
  EXPECT_DOUBLE_EQ(rects[10].x0, 27 * 32.0);
  // A global unit sees each crop whole.
  const auto global = *models::receptiveFields(layers)[3];
  const auto whole = inspect::canvasField(global, plan, 0, 11, 0, 0);
  EXPECT_DOUBLE_EQ(whole[10].x0, 0);
  EXPECT_DOUBLE_EQ(whole[10].x1, 1920);
  EXPECT_THROW(inspect::canvasField(field, plan, 1, 11, 0, 0), InputError);
}

TEST(CanvasField, InkSharesFollowTheGlyphsInsideTheField) {
  stimulus::StimulusSpec spec;
  spec.geometry.configuration = stimulus::Configuration::XAX;
  spec.geometry.target_ecc_px = 600;
  spec.geometry.spacing_px = 240;
  const auto rendered = stimulus::StimulusRenderer(spec).render(false);
  ASSERT_EQ(rendered.boxes.size(), 3u);
  const auto& target = rendered.boxes[0];
  const inspect::CanvasRect on_target{0, double(target.x), double(target.y),
                                      double(target.x + target.side),
                                      double(target.y + target.side)};
  const auto shares = inspect::inkInside(rendered, true, {on_target});
  ASSERT_EQ(shares.shares.size(), 3u);
  EXPECT_DOUBLE_EQ(shares.shares[0], 1.0);
  EXPECT_DOUBLE_EQ(shares.shares[1], 0.0);
  EXPECT_DOUBLE_EQ(shares.shares[2], 0.0);
  // The left half of the target's box holds part, not all, of its ink.
  auto half = on_target;
  half.x1 = target.x + target.side / 2.0;
  const double part = inspect::inkInside(rendered, true, {half}).shares[0];
  EXPECT_GT(part, 0.1);
  EXPECT_LT(part, 0.9);
  EXPECT_FALSE(inspect::inkInside(rendered, false, {half}).refusal.empty());
}

TEST(CanvasField, TheGradientKeepsItsMassOnTheCanvas) {
  retina::MultiscaleSpec small;
  small.canvas_px = 240;
  small.scales = 3;
  small.crop_px = 30;
  const retina::MultiscalePlan plan(small);
  std::vector<float> gradient(3 * 30 * 30, 0.0f);
  gradient[2 * 900 + 15 * 30 + 15] = -2.0f;  // one pixel of the widest crop, negative
  gradient[0 * 900 + 0] = 1.0f;              // one pixel of the finest crop
  const auto canvas = inspect::gradientOnCanvas(gradient, plan);
  ASSERT_EQ(canvas.size(), 240u * 240u);
  EXPECT_NEAR(std::accumulate(canvas.begin(), canvas.end(), 0.0), 3.0, 1e-4);
  // The widest crop's pixel (15, 15) stands for canvas pixels 120..127 in each axis.
  EXPECT_GT(canvas[123 * 240 + 123], 0.0f);
  EXPECT_EQ(canvas[119 * 240 + 123], 0.0f);
  EXPECT_THROW(inspect::gradientOnCanvas(std::vector<float>(10), plan), InputError);
}

}  // namespace
