#pragma once
#include <memory>

#include "core/models/model_family.h"

namespace fovea::models {

// The attention studies' families (science-attention.md sections 2.1 and 3):
// "what" (the What/Where model's LeNet on a 28 x 28 image), "stn" (spatial transformer on a
// 28 or 128 px image), "atn" (scale and translation, 28 x 28 glimpse) and "polo-atn"
// (translation located from the POLO code, fixed scale).
std::shared_ptr<const ModelFamily> whatFamily();
std::shared_ptr<const ModelFamily> stnFamily();
std::shared_ptr<const ModelFamily> atnFamily();
std::shared_ptr<const ModelFamily> poloAtnFamily();
// "what-where": the saccade model (What on a foveal crop, Where on the log-polar code).
std::shared_ptr<const ModelFamily> whatWhereFamily();

}  // namespace fovea::models
