#map = affine_map<(d0, d1)[s0] -> (d0 + s0 - 1, -d1 floordiv 2, d0 mod 3)>
!pair = tuple<f32, tensor<2xf32>>
module attributes {doc.map = #map, doc.pair = tuple<!pair>,
    doc.set = affine_set<(d0)[s0] : (d0 - s0 >= 0, -d0 + 7 == 0)>,
    doc.layout = memref<4x4xf32, affine_map<(d0, d1) -> (d1, d0)>>} {
}
