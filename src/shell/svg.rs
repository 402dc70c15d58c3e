//! A self-contained SVG (or an HTML page holding one) of a `.diagram` graph,
//! laid out by ormsh itself, with no Graphviz: nodes in layers by longest
//! path from the sources (edges that close a cycle are drawn as arcs back),
//! left to right, each layer a column of boxes; edges are straight arrows or
//! arcs with their labels; the fill colours are those of the lifecycle
//! states. A simple layered layout, as Sugiyama's first step.
use super::diagram::{colour, Graph};

const CHAR_W: f64 = 7.4;
const LINE_H: f64 = 16.0;
const GAP_X: f64 = 110.0;
const GAP_Y: f64 = 34.0;
const MARGIN: f64 = 30.0;
const TOP: f64 = 56.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

struct Placed {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// Layer of each node: longest path from a node without incoming edges,
/// bounded by the number of nodes (a cycle stops growing there).
fn layers(g: &Graph) -> Vec<usize> {
    let n = g.nodes.len();
    let mut layer = vec![0usize; n];
    for _ in 0..n {
        let mut changed = false;
        for e in &g.edges {
            if e.from != e.to && layer[e.to] < layer[e.from] + 1 && layer[e.from] + 1 < n.min(8) {
                layer[e.to] = layer[e.from] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    layer
}

/// The SVG text of a graph.
pub fn svg(g: &Graph) -> String {
    let layer = layers(g);
    let nlayers = layer.iter().copied().max().map_or(0, |m| m + 1);
    let size = |i: usize| -> (f64, f64) {
        let chars = g.nodes[i].lines.iter().map(|l| l.chars().count()).max().unwrap_or(4).max(6);
        (chars as f64 * CHAR_W + 24.0, g.nodes[i].lines.len() as f64 * LINE_H + 16.0)
    };
    let mut placed: Vec<Placed> = (0..g.nodes.len()).map(|_| Placed { x: 0.0, y: 0.0, w: 0.0, h: 0.0 }).collect();
    let mut x = MARGIN;
    let mut height: f64 = 0.0;
    for l in 0..nlayers {
        let members: Vec<usize> = (0..g.nodes.len()).filter(|&i| layer[i] == l).collect();
        let width = members.iter().map(|&i| size(i).0).fold(0.0, f64::max);
        let mut y = TOP;
        for &i in &members {
            let (w, h) = size(i);
            placed[i] = Placed { x, y, w, h };
            y += h + GAP_Y;
        }
        height = height.max(y);
        x += width + GAP_X;
    }
    let width = (x - GAP_X + MARGIN).max(320.0);
    let height = height + 40.0;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#444\"/></marker></defs>\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"{m}\" y=\"28\" font-size=\"16\" font-weight=\"bold\">{t}</text>\n",
        w = width,
        h = height,
        m = MARGIN,
        t = esc(&g.title)
    );
    for (k, e) in g.edges.iter().enumerate() {
        let (a, b) = (&placed[e.from], &placed[e.to]);
        let (path, lx, ly) = if e.from == e.to {
            let (sx, sy) = (a.x + a.w * 0.7, a.y);
            (format!("M {:.1} {:.1} C {:.1} {:.1}, {:.1} {:.1}, {:.1} {:.1}", sx, sy, sx + 30.0, sy - 40.0, sx - 40.0, sy - 40.0, a.x + a.w * 0.35, sy), sx - 5.0, sy - 34.0)
        } else if b.x > a.x {
            let (sx, sy, tx, ty) = (a.x + a.w, a.y + a.h / 2.0, b.x, b.y + b.h / 2.0);
            (format!("M {:.1} {:.1} L {:.1} {:.1}", sx, sy, tx, ty), (sx + tx) / 2.0, (sy + ty) / 2.0 - 4.0)
        } else {
            // back or sideways: an arc below the boxes
            let (sx, sy, tx, ty) = (a.x + a.w / 2.0, a.y + a.h, b.x + b.w / 2.0, b.y + b.h);
            let dip = sy.max(ty) + 36.0 + (k % 3) as f64 * 14.0;
            (format!("M {:.1} {:.1} C {:.1} {:.1}, {:.1} {:.1}, {:.1} {:.1}", sx, sy, sx, dip, tx, dip, tx, ty), (sx + tx) / 2.0, dip - 6.0)
        };
        out.push_str(&format!("<path d=\"{}\" fill=\"none\" stroke=\"#444\" stroke-width=\"1.3\" marker-end=\"url(#arrow)\"/>\n", path));
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#222\" stroke=\"white\" stroke-width=\"4\" paint-order=\"stroke\">{}</text>\n",
            lx,
            ly,
            esc(&e.label)
        ));
    }
    for (i, n) in g.nodes.iter().enumerate() {
        let p = &placed[i];
        out.push_str(&format!(
            "<g><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"8\" fill=\"{}\" stroke=\"#555\"/>\n",
            p.x,
            p.y,
            p.w,
            p.h,
            colour(n.style)
        ));
        for (k, line) in n.lines.iter().enumerate() {
            let weight = if k == 0 { " font-weight=\"bold\"" } else { "" };
            out.push_str(&format!("<text x=\"{:.1}\" y=\"{:.1}\"{}>{}</text>\n", p.x + 12.0, p.y + 20.0 + k as f64 * LINE_H, weight, esc(line)));
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

/// A self-contained HTML page showing the SVG, with a legend of the state colours.
pub fn html(g: &Graph) -> String {
    let legend: String = ["transient", "pending", "persistent", "deleted", "detached"]
        .iter()
        .map(|s| format!("<span style=\"background:{};border:1px solid #555;border-radius:4px;padding:2px 8px;margin-right:6px\">{}</span>", colour(s), s))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ormsh: {t}</title>\n\
         <style>body{{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px;color:#222}}p{{margin:8px 0 16px}}</style></head>\n\
         <body><p>ormsh .diagram — {t}</p><p>{legend}</p>\n{svg}</body></html>\n",
        t = esc(&g.title),
        legend = legend,
        svg = svg(g)
    )
}
