# Torch translation units share one precompiled <torch/torch.h>: parsing it costs ~18 s per TU,
# so every target that compiles torch code reuses the PCH of fovea_engine.
function(fovea_use_torch_pch target)
  target_precompile_headers(${target} REUSE_FROM fovea_engine)
endfunction()
