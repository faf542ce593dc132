// One chart on one element: created when mounted, resized with its box, disposed on unmount.
// `onClick` receives the clicked data item (drill-down). No animation for those who ask for
// reduced motion (the e2e run does, so that its screenshots show finished charts).
import { onBeforeUnmount, onMounted, shallowRef, watch, type Ref } from 'vue';
import { echarts, type EChartsCoreOption } from '@/components/charts/echarts';

export interface ChartClick {
  name: string;
  seriesName?: string;
  dataIndex: number;
  data: unknown;
}

export function useEcharts(el: Ref<HTMLElement | undefined>, option: Ref<EChartsCoreOption | null>, onClick?: (event: ChartClick) => void) {
  const chart = shallowRef<echarts.ECharts>();
  let observer: ResizeObserver | undefined;
  let frame = 0;

  function render() {
    if (!el.value || !option.value) return;
    if (!chart.value) {
      chart.value = echarts.init(el.value, undefined, { renderer: 'canvas' });
      if (onClick) chart.value.on('click', (params) => onClick(params as unknown as ChartClick));
    }
    const still = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    chart.value.setOption(still ? { ...option.value, animation: false } : option.value, true);
  }

  onMounted(() => {
    render();
    if (el.value && typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(() => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => chart.value?.resize());
      });
      observer.observe(el.value);
    }
  });
  watch(option, render, { flush: 'post' });
  onBeforeUnmount(() => {
    observer?.disconnect();
    cancelAnimationFrame(frame);
    chart.value?.dispose();
  });
  return chart;
}
